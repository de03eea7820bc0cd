"""What the FAQ and ticket indexes hold, read from the database, and which rows keep them current."""
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..extensions import db
from ..search import Source, sync
from ..search.schemas import ARTICLES, TICKETS, article_schema, ticket_schema
from ..tickets.models import Ticket, TicketMessage
from .models import Article
from .rendering import plain_text


def _load_articles(ids: list[int]) -> dict[int, dict | None]:
    with Session(db.engine) as session:
        found = {a.id: {"question": a.question, "answer": plain_text(a.answer), "category": a.category.name,
                        "status": a.status}
                 for a in session.scalars(select(Article).where(Article.id.in_(ids))).unique()}
    return {doc_id: found.get(doc_id) for doc_id in ids}


def _all_article_ids() -> list[int]:
    with Session(db.engine) as session:
        return list(session.scalars(select(Article.id).order_by(Article.id)))


def ticket_document(ticket: Ticket) -> dict:
    """Only what a customer could read goes in: internal notes stay out of the index."""
    public = [m.body for m in ticket.messages if not m.is_internal]
    customer = ticket.customer
    who = [customer.full_name, customer.number, customer.mobile, customer.national_code, customer.email,
           customer.username, ticket.number]
    return {
        "subject": ticket.subject,
        "body": "\n".join(public),
        "customer": " ".join(part for part in who if part),
        "opening": f"{ticket.subject}\n{public[0] if public else ''}",
        "status": ticket.status,
    }


def _load_tickets(ids: list[int]) -> dict[int, dict | None]:
    with Session(db.engine) as session:
        query = select(Ticket).where(Ticket.id.in_(ids)).options(selectinload(Ticket.messages))
        found = {t.id: ticket_document(t) for t in session.scalars(query).unique()}
    return {doc_id: found.get(doc_id) for doc_id in ids}


def _all_ticket_ids() -> list[int]:
    with Session(db.engine) as session:
        return list(session.scalars(select(Ticket.id).order_by(Ticket.id)))


ARTICLE_SOURCE = Source(ARTICLES, article_schema(), _load_articles, _all_article_ids)
TICKET_SOURCE = Source(TICKETS, ticket_schema(), _load_tickets, _all_ticket_ids)

sync.register_source(ARTICLE_SOURCE)
sync.register_source(TICKET_SOURCE)
sync.watch(Article, ARTICLES)
sync.watch(Ticket, TICKETS)
sync.watch(TicketMessage, TICKETS, key=lambda message: message.ticket_id)
