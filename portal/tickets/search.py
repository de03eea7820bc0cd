"""Ticket search for staff, and groups of similar recent tickets, through the search backend.

Tickets come back only when visible_tickets(user) lets the person see them: the policy goes into the
search itself (inside the SQL with the PostgreSQL backend). A page of results is one statement: the tickets
with their customers and their first public messages.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import aliased, joinedload

from ..extensions import db
from ..models_base import utcnow
from ..search import IndexUnavailable
from ..search import backend as search_backend
from ..search import query as search_query
from ..search.results import Found, ResultPage
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
    visible = visible_tickets(user)
    try:
        found = _backend().search_ids(TICKETS, text, TICKET_FIELDS, exact_field=TICKET_EXACT_FIELD,
                                      within=visible.with_only_columns(Ticket.id),
                                      limit=current_app.config["PORTAL_TICKET_SEARCH_RESULTS"])
    except IndexUnavailable:
        current_app.logger.warning("ticket search index unavailable", exc_info=True)
        result_page.unavailable = True
        return result_page
    result_page.total, result_page.more = len(found.ids), found.more
    start = (result_page.page - 1) * per_page
    shown = found.ids[start:start + per_page]
    if not shown:
        return result_page
    rows = db.session.execute(visible.add_columns(first_public_message()).where(Ticket.id.in_(shown))
                              .options(joinedload(Ticket.customer)))
    loaded = {ticket.id: (ticket, opening) for ticket, opening in rows}
    result_page.items = [Found(ticket, search_query.highlight(ticket.subject, found.terms),
                               search_query.highlight(opening or "", found.terms))
                         for ticket, opening in (loaded[i] for i in shown if i in loaded)]
    return result_page


@cache  # one construct for every search: building it is most of a millisecond
def first_public_message():
    """A column for a select of tickets: each one's first message a customer can read (a result row's snippet)."""
    message = aliased(TicketMessage)
    return (select(message.body).where(message.ticket_id == Ticket.id, message.is_internal.is_not(True))
            .order_by(message.id).limit(1).correlate(Ticket).scalar_subquery().label("opening"))


@dataclass
class TicketGroup:
    tickets: list[Ticket]
    promotable: Ticket | None  # the newest resolved or closed ticket of the group, if any


def frequent_ticket_groups(user, *, days: int, now: datetime | None = None, limit: int = 2000) -> list[TicketGroup]:
    """Groups of similar tickets opened in the last `days` days that this person may see, largest first.

    Raises IndexUnavailable when the ticket index is missing.
    """
    since = (now or utcnow()) - timedelta(days=days)
    query = (visible_tickets(user).add_columns(first_public_message())
             .where(Ticket.created_at >= since, Ticket.merged_into_id.is_(None))
             .order_by(Ticket.created_at.desc()).limit(limit))
    tickets, texts = {}, {}
    for ticket, opening in db.session.execute(query):  # one statement, not every message of every ticket
        tickets[ticket.id], texts[ticket.id] = ticket, f"{ticket.subject}\n{opening or ''}"
    groups = _backend().similar_groups(TICKETS, texts, "opening")
    result = []
    for ids in groups:
        members = sorted((tickets[i] for i in ids), key=lambda t: t.created_at, reverse=True)
        promotable = next((t for t in members if t.status in CLOSED_STATUSES), None)
        result.append(TicketGroup(members, promotable))
    return result
