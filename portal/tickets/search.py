"""Ticket search for staff, and groups of similar recent tickets, through the search backend.

Tickets come back only when visible_tickets(user) lets the person see them: the policy goes into the
search itself (inside the SQL with the PostgreSQL backend). A page of results is loaded in a constant
number of statements: the tickets with their customers, then their first public messages.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models_base import utcnow
from ..search import IndexUnavailable
from ..search import backend as search_backend
from ..search import query as search_query
from ..search.results import Found, ResultPage, in_order
from ..search.schemas import TICKET_EXACT_FIELD, TICKET_FIELDS, TICKETS
from .access import visible_tickets
from .models import Ticket, TicketMessage

CLOSED_STATUSES = ("resolved", "closed")


def _backend():
    return search_backend.current()


def search_tickets(user, text: str, *, page: int = 1, per_page: int = 20) -> ResultPage:
    """Tickets matching the text that this person may see; identifiers match only whole and exact."""
    result_page = ResultPage(query=text or "", page=max(page, 1), per_page=per_page)
    if not (search_query.query_terms(text) or text.strip()):
        return result_page
    try:
        found = _backend().search_ids(TICKETS, text, TICKET_FIELDS, exact_field=TICKET_EXACT_FIELD,
                                      within=visible_tickets(user).with_only_columns(Ticket.id))
    except IndexUnavailable:
        current_app.logger.warning("ticket search index unavailable", exc_info=True)
        result_page.unavailable = True
        return result_page
    result_page.total = len(found.ids)
    start = (result_page.page - 1) * per_page
    shown = found.ids[start:start + per_page]
    tickets = in_order(db.session.scalars(visible_tickets(user).where(Ticket.id.in_(shown))
                                          .options(joinedload(Ticket.customer))), shown)
    openings = first_public_messages([t.id for t in tickets])
    result_page.items = [Found(t, search_query.highlight(t.subject, found.terms),
                               search_query.highlight(openings.get(t.id, ""), found.terms))
                         for t in tickets]
    return result_page


def first_public_messages(ticket_ids: list[int]) -> dict[int, str]:
    """Each ticket's first message a customer can read, in one statement (a result row's snippet)."""
    if not ticket_ids:
        return {}
    first = (select(TicketMessage.ticket_id, db.func.min(TicketMessage.id).label("id"))
             .where(TicketMessage.ticket_id.in_(ticket_ids), TicketMessage.is_internal.is_not(True))
             .group_by(TicketMessage.ticket_id).subquery())
    rows = db.session.execute(select(TicketMessage.ticket_id, TicketMessage.body)
                              .join(first, TicketMessage.id == first.c.id))
    return {ticket_id: body for ticket_id, body in rows}


@dataclass
class TicketGroup:
    tickets: list[Ticket]
    promotable: Ticket | None  # the newest resolved or closed ticket of the group, if any


def frequent_ticket_groups(user, *, days: int, now: datetime | None = None, limit: int = 2000) -> list[TicketGroup]:
    """Groups of similar tickets opened in the last `days` days that this person may see, largest first.

    Raises IndexUnavailable when the ticket index is missing.
    """
    since = (now or utcnow()) - timedelta(days=days)
    query = (visible_tickets(user).where(Ticket.created_at >= since, Ticket.merged_into_id.is_(None))
             .order_by(Ticket.created_at.desc()).limit(limit))
    tickets = {t.id: t for t in db.session.scalars(query)}
    openings = first_public_messages(list(tickets))  # one statement, not every message of every ticket
    texts = {t.id: f"{t.subject}\n{openings.get(t.id, '')}" for t in tickets.values()}
    groups = _backend().similar_groups(TICKETS, texts, "opening")
    result = []
    for ids in groups:
        members = sorted((tickets[i] for i in ids), key=lambda t: t.created_at, reverse=True)
        promotable = next((t for t in members if t.status in CLOSED_STATUSES), None)
        result.append(TicketGroup(members, promotable))
    return result
