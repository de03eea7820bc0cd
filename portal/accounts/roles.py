"""The default roles every installation starts with; admins may change them afterwards."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from .models import Role

SUPERVISOR = {
    "tickets.view_all", "tickets.assign", "tickets.reply", "tickets.create_for_customer", "tickets.merge",
    "canned.manage", "customers.view", "customers.view_pii", "customers.edit", "customers.export",
    "faq.edit", "reports.view", "audit.view"}
AGENT = {"tickets.reply", "tickets.assign", "tickets.create_for_customer", "customers.view", "customers.edit"}
VIEWER = {"customers.view", "reports.view"}

# name -> (label, department scoped, grants). The administrator also holds every permission registered
# later (grants_all), so an upgrade that adds a permission needs no grant before an admin can hand it on.
DEFAULT_ROLES = {
    "admin": (_l("Administrator"), False, SUPERVISOR | {"access.manage"}),
    "supervisor": (_l("Supervisor"), False, SUPERVISOR),
    "agent": (_l("Support agent"), True, AGENT),
    "viewer": (_l("Read-only viewer"), True, VIEWER),
}
FULL_ADMIN_ROLE = "admin"


def ensure_default_roles() -> dict[str, Role]:
    """Create the default roles that are missing; never overwrite what an admin changed."""
    existing = {r.name: r for r in db.session.scalars(select(Role))}
    for name, (label, scoped, permissions) in DEFAULT_ROLES.items():
        if name not in existing:
            role = Role(name=name, label=str(label), department_scoped=scoped, grants_all=name == FULL_ADMIN_ROLE,
                        requires_two_factor=name == FULL_ADMIN_ROLE)
            role.set_permissions(permissions)
            db.session.add(role)
            existing[name] = role
    db.session.flush()
    return existing
