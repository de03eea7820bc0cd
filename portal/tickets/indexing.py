"""What the ticket index holds, read from the database, and which rows keep it current.

create_app registers SEARCH_SOURCE with the rows in SEARCH_WATCH (portal.search.sync.register).
Identifiers (customer and ticket number, mobile, national code, e-mail, username) go into an exact-match
field only: a value one digit off must not find a customer's tickets.
"""
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..extensions import db
from ..search import Source
from ..search.analyzer import identifier_terms
from ..search.schemas import TICKETS, ticket_schema
from .models import Ticket, TicketMessage


def ticket_document(ticket: Ticket) -> dict:
    """Only what a customer could read goes in: internal notes stay out of the index."""
    public = [m.body for m in ticket.messages if not m.is_internal]
    customer = ticket.customer
    identifiers = []
    for value in (customer.number, customer.mobile, customer.national_code, customer.email, customer.username,
                  ticket.number):
        for term in identifier_terms(value or ""):
            if term not in identifiers:
                identifiers.append(term)
    return {
        "subject": ticket.subject,
        "body": "\n".join(public),
        "customer": customer.full_name or "",
        "identifiers": " ".join(identifiers),
        "opening": f"{ticket.subject}\n{public[0] if public else ''}",
        "status": ticket.status,
    }


def _load_tickets(ids: list[int], bind=None) -> dict[int, dict | None]:
    """`bind`: a connection whose transaction may hold the change (the PostgreSQL backend writes inside it)."""
    with Session(bind or db.engine) as session:
        query = (select(Ticket).where(Ticket.id.in_(ids))
                 .options(selectinload(Ticket.messages), selectinload(Ticket.customer)))
        found = {t.id: ticket_document(t) for t in session.scalars(query).unique()}
    return {doc_id: found.get(doc_id) for doc_id in ids}


def _all_ticket_ids() -> list[int]:
    with Session(db.engine) as session:
        return list(session.scalars(select(Ticket.id).order_by(Ticket.id)))


SEARCH_SOURCE = Source(TICKETS, ticket_schema(), _load_tickets, _all_ticket_ids)
SEARCH_WATCH = ((Ticket, lambda ticket: ticket.id), (TicketMessage, lambda message: message.ticket_id))
