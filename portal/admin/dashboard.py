"""What the back-office home page shows each person, as far as their permissions allow."""
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select

from .. import security
from ..accounts.models import Customer
from ..audit import AuditEntry
from ..customers.models import SupportContract
from ..customers.services import EXPIRING_WITHIN, local_today
from ..extensions import db
from ..models_base import utcnow
from ..tickets.models import ACTIVE_STATUSES, Ticket
from ..customers.access import visible_customers
from ..tickets.access import visible_tickets

SHOWN = 10
ALARMS_SINCE = timedelta(days=7)


@dataclass
class Dashboard:
    my_open_count: int | None = None
    my_open_tickets: list = field(default_factory=list)
    unassigned_count: int | None = None  # in my departments
    overdue_count: int | None = None  # in my departments
    expiring_contracts: list = field(default_factory=list)  # (contract, customer)
    expiring_count: int | None = None
    alarms: list = field(default_factory=list)  # AuditEntry rows of access.bulk_alarm


def dashboard_for(user, *, now=None, today=None) -> Dashboard:
    now = now or utcnow()
    board = Dashboard()
    tickets = visible_tickets(user)
    active = Ticket.status.in_(ACTIVE_STATUSES)
    if _works_tickets(user):
        mine = tickets.where(Ticket.assignee_id == user.id, active)
        board.my_open_count = _count(mine)
        board.my_open_tickets = list(db.session.scalars(
            mine.order_by(Ticket.resolution_due_at.is_(None), Ticket.resolution_due_at, Ticket.id).limit(SHOWN)))
        if user.department_ids:
            in_departments = tickets.where(Ticket.department_id.in_(user.department_ids), active)
            board.unassigned_count = _count(in_departments.where(Ticket.assignee_id.is_(None)))
            board.overdue_count = _count(in_departments.where(Ticket.resolution_due_at < now))
    if security.can(user, "customers.view"):
        today = today or local_today()
        # From the contracts ending soon (an index range) to their customers, each checked by the access
        # policy; not from the visible customers (for a department's agent, every customer with a ticket there).
        expiring = (visible_customers(user).with_only_columns(SupportContract, Customer)
                    .join_from(SupportContract, Customer, Customer.id == SupportContract.customer_id)
                    .where(SupportContract.starts_on <= today, SupportContract.ends_on >= today,
                           SupportContract.ends_on <= today + EXPIRING_WITHIN))
        board.expiring_count = _count(expiring)
        board.expiring_contracts = db.session.execute(
            expiring.order_by(SupportContract.ends_on, SupportContract.id).limit(SHOWN)).all()
    if security.can(user, "access.manage"):
        board.alarms = list(db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "access.bulk_alarm", AuditEntry.at >= now - ALARMS_SINCE)
            .order_by(AuditEntry.at.desc()).limit(SHOWN * 2)))
    return board


def _works_tickets(user) -> bool:
    return any(security.can(user, p) for p in ("tickets.reply", "tickets.assign", "tickets.view_all"))


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
