"""The audit trail: append-only rows of who saw or changed what, when and from where."""
from flask import has_request_context, request
from flask_babel import lazy_gettext as _l

from sqlalchemy import event
from sqlalchemy.orm import Session

from .extensions import db
from .models_base import utcnow


# action -> what a person reads in the audit viewer. Rooms add theirs with register_actions().
ACTION_LABELS = {
    "login.succeeded": _l("Signed in"),
    "login.failed": _l("Failed sign-in"),
    "customer.created": _l("Customer created"),
    "customer.viewed": _l("Customer profile viewed"),
    "customer.pii_revealed": _l("Personal data revealed"),
    "customers.exported": _l("Customer list exported"),
    "customers.searched": _l("Customers searched"),
    "customer.looked_up": _l("Customer looked up by identifier"),
    "customer.contract_added": _l("Support contract added"),
    "customer.interaction_logged": _l("Interaction logged"),
    "customer.fields_changed": _l("Custom fields changed"),
    "custom_field.created": _l("Custom field defined"),
    "access.bulk_alarm": _l("Bulk-access alarm"),
    "role.created": _l("Role created"),
    "role.permissions_changed": _l("Role permissions changed"),
    "staff.created": _l("Staff account created"),
    "staff.updated": _l("Staff account changed"),
    "staff.disabled": _l("Staff account disabled"),
    "staff.enabled": _l("Staff account enabled"),
    "department.created": _l("Department created"),
    "department.updated": _l("Department changed"),
    "ticket.assigned": _l("Ticket assigned"),
    "ticket.status_changed": _l("Ticket status changed"),
}


def register_actions(labels: dict) -> None:
    ACTION_LABELS.update(labels)


def action_label(action: str):
    """The Persian (translated) name of an action; the raw name for actions nobody labelled."""
    return ACTION_LABELS.get(action, action)


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"
    id = db.Column(db.Integer, primary_key=True)
    at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)
    actor_kind = db.Column(db.String(10))  # staff, customer, or None for the system / anonymous
    actor_id = db.Column(db.Integer, index=True)
    actor_label = db.Column(db.String(254))
    action = db.Column(db.String(60), nullable=False, index=True)
    target_kind = db.Column(db.String(40))
    target_id = db.Column(db.String(40))
    details = db.Column(db.JSON, nullable=False, default=dict)
    ip = db.Column(db.String(45))

    __table_args__ = (db.Index("ix_audit_target", "target_kind", "target_id"),)


def record(actor, action: str, target=None, *, commit: bool = False, **details) -> AuditEntry:
    """Add an audit row to the current transaction (so it commits, or rolls back, with the change)."""
    entry = AuditEntry(
        actor_kind=getattr(actor, "kind", None) or None,
        actor_id=getattr(actor, "id", None),
        actor_label=_label(actor),
        action=action,
        target_kind=_target_kind(target),
        target_id=None if target is None else str(getattr(target, "id", target)),
        details=details,
        ip=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    if commit:
        db.session.commit()
    return entry


def _label(actor):
    if actor is None or not getattr(actor, "id", None):
        return None
    return getattr(actor, "email", None) or getattr(actor, "number", None)


def _target_kind(target):
    if target is None:
        return None
    return getattr(target, "__tablename__", type(target).__name__.lower())


class AuditLogIsAppendOnly(RuntimeError):
    pass


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_audit_rows(session, _context, _instances):
    """Rows are written once; the application never edits or deletes them."""
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry):
            raise AuditLogIsAppendOnly("audit entries cannot be changed or deleted")
