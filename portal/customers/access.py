"""Loading a customer through the access policy, and watching how many profiles each person opens."""
from datetime import timedelta

from flask import abort, current_app, request
from flask_login import current_user
from sqlalchemy import distinct, exists, false, func, or_, select

from .. import audit, security
from ..accounts.models import Customer, Role, RolePermission, StaffUser
from ..accounts.services import identifier_condition
from ..audit import AuditEntry
from ..extensions import db, limiter
from ..models_base import utcnow
from ..notify import notify_staff
from ..tickets.access import visible_tickets
from ..tickets.models import Ticket
from .pii import PII_FIELDS

ALARM_WINDOW = timedelta(hours=1)
# Besides the distinct profiles opened, each of these counts once towards the bulk-access alarm.
LOOKUP_ACTIONS = ("customers.searched", "customers.exported", "customer.looked_up")


def _per_staff_member():
    return f"staff:{current_user.id}" if getattr(current_user, "is_authenticated", False) else request.remote_addr


# Customer searches, list pages, exports and phone-intake look-ups share one allowance per staff member.
lookup_rate_limit = limiter.shared_limit(lambda: current_app.config["PORTAL_CUSTOMER_LOOKUP_RATE_LIMIT"],
                                         scope="customer-lookups", key_func=_per_staff_member)


def visible_customers(user):
    """The one place that decides whose profiles a staff member may open; every customer query starts here.

    Needs customers.view. A department-scoped role reaches only the customers with a ticket the person
    may see (their departments' or assigned to them); other roles reach every customer.
    """
    query = select(Customer)
    if not security.can(user, "customers.view"):
        return query.where(false())
    if user.role.department_scoped:
        tickets = visible_tickets(user).with_only_columns(Ticket.id).where(Ticket.customer_id == Customer.id)
        return query.where(exists(tickets))
    return query


def get_customer_or_404(customer_id, user) -> Customer:
    customer = db.session.scalar(visible_customers(user).where(Customer.id == customer_id))
    if customer is None:
        abort(404)
    return customer


def record_profile_view(viewer, customer, *, now=None) -> bool:
    """Audit one profile view; raise the bulk-access alarm when it tips the viewer over the threshold.

    Returns True when this view raised an alarm. Commits.
    """
    now = now or utcnow()
    entry = audit.record(viewer, "customer.viewed", customer)
    entry.at = now
    db.session.flush()
    alarmed = _check_bulk_access(viewer, now)
    db.session.commit()
    return alarmed


def record_lookup(viewer, action: str, target=None, **details) -> bool:
    """Audit a search, list page, export or phone-intake look-up and count it for the alarm. Commits."""
    audit.record(viewer, action, target, **details)
    db.session.flush()
    alarmed = _check_bulk_access(viewer, utcnow())
    db.session.commit()
    return alarmed


def lookup_customer(viewer, identifier: str):
    """The visible customer an identifier names (the phone intake), or None; audited and counted. Commits."""
    condition = identifier_condition(identifier)
    customer = None
    if condition is not None and security.can(viewer, "customers.view"):
        # A caller with no ticket yet belongs to no department: any agent may log his first one.
        no_ticket_yet = ~exists(select(Ticket.id).where(Ticket.customer_id == Customer.id))
        customer = db.session.scalar(select(Customer).where(
            condition, or_(Customer.id.in_(visible_customers(viewer).with_only_columns(Customer.id)),
                           no_ticket_yet)))
    record_lookup(viewer, "customer.looked_up", customer, found=customer is not None)
    return customer


def reveal_pii(viewer, customer, field: str):
    """The full value of one personal-data field, audited. None when the viewer may not see it."""
    if field not in PII_FIELDS or not security.can(viewer, "customers.view_pii"):
        return None
    audit.record(viewer, "customer.pii_revealed", customer, field=field)
    db.session.commit()
    return getattr(customer, field)


def distinct_profiles_viewed(staff_id, *, since) -> int:
    return db.session.scalar(
        select(func.count(distinct(AuditEntry.target_id))).where(
            AuditEntry.action == "customer.viewed", AuditEntry.actor_kind == "staff",
            AuditEntry.actor_id == staff_id, AuditEntry.at >= since)) or 0


def lookups_made(staff_id, *, since) -> int:
    return db.session.scalar(
        select(func.count(AuditEntry.id)).where(
            AuditEntry.action.in_(LOOKUP_ACTIONS), AuditEntry.actor_kind == "staff",
            AuditEntry.actor_id == staff_id, AuditEntry.at >= since)) or 0


def _check_bulk_access(viewer, now) -> bool:
    threshold = current_app.config["PORTAL_BULK_ACCESS_THRESHOLD"]
    since = now - ALARM_WINDOW
    count = distinct_profiles_viewed(viewer.id, since=since) + lookups_made(viewer.id, since=since)
    if count <= threshold:
        return False
    already = db.session.scalar(select(AuditEntry.id).where(
        AuditEntry.action == "access.bulk_alarm", AuditEntry.target_kind == "staff_users",
        AuditEntry.target_id == str(viewer.id), AuditEntry.at >= since).limit(1))
    if already is not None:
        return False
    alarm = audit.record(None, "access.bulk_alarm", viewer, count=count, threshold=threshold,
                         staff_label=f"{viewer.full_name} <{viewer.email}>")
    alarm.at = now
    for admin in access_managers():
        notify_staff(admin, "bulk_access_alarm", person=viewer, count=count, threshold=threshold)
    return True


def access_managers() -> list[StaffUser]:
    """Active staff whose role holds access.manage: the admins who hear about alarms."""
    return list(db.session.scalars(
        select(StaffUser).join(Role).join(RolePermission)
        .where(StaffUser.active.is_(True), RolePermission.permission == "access.manage")
        .order_by(StaffUser.id)))
