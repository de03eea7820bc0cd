"""The ticket list of the API: the queue's filters over visible_tickets(user), paged by an opaque cursor.

Keyset paging by (last activity, id), newest first: a page never repeats or skips a ticket because others
were opened meanwhile, and a deep page costs what the first one does.
"""
import base64
import binascii
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from ...extensions import db
from ...models_base import utcnow
from ...tickets.access import visible_tickets
from ...tickets.models import OVERDUE_STATUSES, Ticket
from ...tickets.services.queries import QUEUE_STATUSES, QueueFilters, lean_staff


class BadCursor(ValueError):
    """The cursor was not one this API wrote."""


def encode_cursor(ticket) -> str:
    raw = f"{ticket.last_activity_at.isoformat()}|{ticket.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        at, ticket_id = raw.split("|")
        return datetime.fromisoformat(at), int(ticket_id)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadCursor(cursor) from None


def filtered(user, filters: QueueFilters):
    """visible_tickets(user) narrowed by the queue's filters (status, department, topic, priority, assignee,
    channel, overdue), as the agent queue reads them."""
    query = visible_tickets(user)
    if filters.status != "all":
        query = query.where(Ticket.status.in_(QUEUE_STATUSES[filters.status]))
    if filters.department:
        query = query.where(Ticket.department_id == filters.department)
    if filters.category:
        query = query.where(Ticket.category_id == filters.category)
    if filters.priority:
        query = query.where(Ticket.priority == filters.priority)
    if filters.channel:
        query = query.where(Ticket.channel == filters.channel)
    if filters.assignee == "me":
        query = query.where(Ticket.assignee_id == user.id)
    elif filters.assignee == "unassigned":
        query = query.where(Ticket.assignee_id.is_(None))
    if filters.overdue:
        query = query.where(Ticket.status.in_(OVERDUE_STATUSES), Ticket.sla_due_at < utcnow())
    return query


def ticket_page(user, filters: QueueFilters, *, limit: int = 25, cursor: str | None = None):
    """(tickets, next cursor or None), in two queries: the page's ids, then those tickets with what is shown."""
    query = filtered(user, filters).with_only_columns(Ticket.id, Ticket.last_activity_at)
    if cursor:
        at, ticket_id = decode_cursor(cursor)
        query = query.where(or_(Ticket.last_activity_at < at,
                                and_(Ticket.last_activity_at == at, Ticket.id < ticket_id)))
    rows = db.session.execute(query.order_by(Ticket.last_activity_at.desc(), Ticket.id.desc()).limit(limit + 1)).all()
    more, rows = len(rows) > limit, rows[:limit]
    ids = [row.id for row in rows]
    loaded = {t.id: t for t in db.session.scalars(
        select(Ticket).where(Ticket.id.in_(ids))
        .options(joinedload(Ticket.department), joinedload(Ticket.category), lean_staff(Ticket.assignee))).unique()}
    tickets = [loaded[i] for i in ids]
    return tickets, (encode_cursor(tickets[-1]) if more and tickets else None)
