"""Turning a resolved ticket into an FAQ draft: the customer's question, the agent's public answer."""
from __future__ import annotations

import re

from sqlalchemy import select

from ..extensions import db
from ..faq import services
from ..faq.models import DRAFT, Article, FaqCategory
from .access import visible_tickets
from .models import Ticket

PROMOTABLE_STATUSES = ("resolved", "closed")
QUESTION_MAX = 300


def promotable_ticket(user, number: str) -> Ticket | None:
    """The ticket by number if this person may see it and it is resolved or closed."""
    query = visible_tickets(user).where(Ticket.number == number, Ticket.status.in_(PROMOTABLE_STATUSES))
    return db.session.scalar(query)


def _first_sentence(text: str) -> str:
    text = " ".join((text or "").split())
    match = re.match(r"(.+?[.!?؟])(\s|$)", text)
    return match.group(1) if match else text


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def draft_from_ticket(ticket: Ticket) -> dict:
    """Question: the subject and the first thing the customer wrote. Answer: the last public agent reply."""
    public = [m for m in ticket.messages if not m.is_internal]
    first = next((m.body for m in public if not m.from_staff), "")
    reply = next((m.body for m in reversed(public) if m.from_staff), "")
    opening = _first_sentence(first)
    question = ticket.subject if not opening or opening in ticket.subject else f"{ticket.subject}: {opening}"
    return {"question": _shorten(question, QUESTION_MAX), "answer": reply.strip()}


def existing_article_for(ticket: Ticket) -> Article | None:
    return db.session.scalar(select(Article).where(Article.source_ticket_id == ticket.id).limit(1))


def promote_ticket(ticket: Ticket, *, category: FaqCategory, question: str, answer: str, actor=None) -> Article:
    """A draft article that remembers its ticket; an editor publishes it after reading it over."""
    return services.create_article(category=category, question=question, answer=answer, status=DRAFT,
                                   source_ticket=ticket, actor=actor)
