"""The customer's whole profile in one service call, with a fixed number of queries however long the history.

Long lists (tickets, interactions) are paged; everything else is an aggregate or a short, limited list.
Tickets are read only through visible_tickets(viewer).
"""
from dataclasses import dataclass, field

from sqlalchemy import case, false, func, or_, select, true
from sqlalchemy.orm import contains_eager

from ..accounts.models import staff_departments
from ..extensions import db
from ..sql_functions import seconds_between
from ..tickets.models import ACTIVE_STATUSES, Feedback, Ticket
from ..tickets.services import satisfaction
from . import services
from .models import Interaction, NpsResponse, SupportContract
from .pii import PresentedIdentifiers, present
from ..tickets.access import visible_tickets

PER_PAGE = 20
RECENT = 10
CONTRACTS_SHOWN = 50


@dataclass(frozen=True)
class TicketCounts:
    total: int
    open: int
    avg_first_response_seconds: float | None
    csat_average: float | None
    csat_count: int
    by_channel: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CustomFieldShown:
    definition: object
    value: object  # None when empty; a date for date fields


@dataclass(frozen=True)
class CustomerProfile:
    customer: object
    identifiers: PresentedIdentifiers
    support: services.SupportStatus
    contracts: list  # (contract, status) pairs, latest end first
    counts: TicketCounts
    tickets: object  # a page of (ticket, feedback score) rows
    interactions: object  # a page of Interaction
    recent_feedback: list  # (ticket number, score, comment, at)
    nps_average: float | None
    nps_count: int
    nps_recent: list
    custom_fields: list


def _logged_within_scope(column, viewer):
    """For a department-scoped viewer: rows written by staff of his departments (or himself) only."""
    if not viewer.role.department_scoped:
        return true()
    colleagues = select(staff_departments.c.staff_id).where(
        staff_departments.c.department_id.in_(viewer.department_ids or {-1}))
    return or_(column == viewer.id, column.in_(colleagues))


def customer_360(customer, viewer, *, revealed=(), ticket_page=1, interaction_page=1, today=None) -> CustomerProfile:
    today = today or services.local_today()
    tickets = visible_tickets(viewer).where(Ticket.customer_id == customer.id)
    contracts = list(db.session.scalars(
        select(SupportContract).where(SupportContract.customer_id == customer.id,
                                      _logged_within_scope(SupportContract.created_by_id, viewer))
        .order_by(SupportContract.ends_on.desc(), SupportContract.id.desc()).limit(CONTRACTS_SHOWN)))
    # NPS answers belong to no department: a department-scoped viewer does not see them.
    nps_scope = false() if viewer.role.department_scoped else true()
    nps_average, nps_count = db.session.execute(
        select(func.avg(NpsResponse.score), func.count(NpsResponse.id))
        .where(NpsResponse.customer_id == customer.id, nps_scope)).one()
    values = services.custom_field_values(customer)
    return CustomerProfile(
        customer=customer,
        identifiers=present(customer, viewer, revealed=revealed),
        support=services.support_status(customer, today),
        contracts=[(c, services.contract_status(c, today)) for c in contracts],
        counts=_ticket_counts(tickets, customer, viewer),
        tickets=db.paginate(
            tickets.outerjoin(Ticket.feedback).options(contains_eager(Ticket.feedback))
            .order_by(Ticket.created_at.desc(), Ticket.id.desc()),
            page=ticket_page, per_page=PER_PAGE, error_out=False),
        interactions=db.paginate(
            select(Interaction).where(Interaction.customer_id == customer.id,
                                      _logged_within_scope(Interaction.staff_id, viewer))
            .order_by(Interaction.at.desc(), Interaction.id.desc()),
            page=interaction_page, per_page=PER_PAGE, error_out=False),
        recent_feedback=db.session.execute(
            tickets.join(Ticket.feedback)
            .with_only_columns(Ticket.number, Feedback.score, Feedback.comment, Feedback.created_at)
            .order_by(Feedback.created_at.desc()).limit(RECENT)).all(),
        nps_average=float(nps_average) if nps_average is not None else None,
        nps_count=nps_count,
        nps_recent=list(db.session.scalars(
            select(NpsResponse).where(NpsResponse.customer_id == customer.id, nps_scope)
            .order_by(NpsResponse.at.desc()).limit(RECENT))),
        custom_fields=[CustomFieldShown(d, services.display_value(d, values.get(d.id)))
                       for d in services.active_field_definitions()],
    )


def _ticket_counts(tickets, customer, viewer) -> TicketCounts:
    is_open = case((Ticket.status.in_(ACTIVE_STATUSES), 1), else_=0)
    total, open_count, avg_first_response = db.session.execute(
        tickets.with_only_columns(
            func.count(Ticket.id), func.coalesce(func.sum(is_open), 0),
            func.avg(seconds_between(Ticket.first_response_at, Ticket.created_at)))).one()
    csat_average, csat_count = satisfaction(customer.id, viewer)
    by_channel = dict(db.session.execute(
        tickets.with_only_columns(Ticket.channel, func.count(Ticket.id)).group_by(Ticket.channel)).all())
    return TicketCounts(
        total=total, open=int(open_count),
        avg_first_response_seconds=float(avg_first_response) if avg_first_response is not None else None,
        csat_average=csat_average, csat_count=csat_count, by_channel=by_channel)

