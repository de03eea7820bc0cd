"""The default roles every installation starts with; admins may change them afterwards."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..security import PERMISSIONS
from .models import Role

DEFAULT_ROLES = {
    "admin": (_l("Administrator"), False, set(PERMISSIONS)),
    "supervisor": (_l("Supervisor"), False, {
        "tickets.view_all", "tickets.assign", "tickets.reply", "tickets.create_for_customer", "tickets.merge",
        "canned.manage", "customers.view", "customers.view_pii", "customers.edit", "customers.export",
        "faq.edit", "reports.view", "audit.view"}),
    "agent": (_l("Support agent"), True, {
        "tickets.reply", "tickets.assign", "tickets.create_for_customer", "customers.view", "customers.edit"}),
    "viewer": (_l("Read-only viewer"), True, {"customers.view", "reports.view"}),
}


def ensure_default_roles() -> dict[str, Role]:
    """Create the default roles that are missing; never overwrite what an admin changed."""
    existing = {r.name: r for r in db.session.scalars(select(Role))}
    for name, (label, scoped, permissions) in DEFAULT_ROLES.items():
        if name not in existing:
            role = Role(name=name, label=str(label), department_scoped=scoped)
            role.set_permissions(permissions)
            db.session.add(role)
            existing[name] = role
    db.session.flush()
    return existing
