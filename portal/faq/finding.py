"""Searching the FAQ and the tickets through the search package, and the "frequently asked" groups.

Articles come back published only (filtered in the index and again in the database); tickets come back
only when visible_tickets(user) lets the person see them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import security
from ..extensions import db
from ..models_base import utcnow
from ..search import IndexUnavailable, query as search_query, sync
from ..search.schemas import ARTICLE_FIELDS, ARTICLES, TICKET_FIELDS, TICKETS
from ..tickets.models import Ticket
from .models import DRAFT, PUBLISHED, Article
from .rendering import plain_text
from ..tickets.access import visible_tickets

CLOSED_STATUSES = ("resolved", "closed")


@dataclass
class Found:
    item: object  # an Article or a Ticket
    title: Markup
    snippet: Markup


@dataclass
class ResultPage:
    query: str
    items: list[Found] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 10
    did_you_mean: str | None = None
    unavailable: bool = False  # the index is missing or damaged: say so instead of failing

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None

    def iter_pages(self, **_kwargs):
        return range(1, self.pages + 1)


def _settings():
    return sync.settings_for(current_app)


def _in_order(rows, ids):
    by_id = {row.id: row for row in rows}
    return [by_id[i] for i in ids if i in by_id]


def search_articles(text: str, *, page: int = 1, per_page: int = 10) -> ResultPage:
    result_page = ResultPage(query=text or "", page=max(page, 1), per_page=per_page)
    if not search_query.query_terms(text):
        return result_page
    try:
        found = search_query.search(_settings(), ARTICLES, text, ARTICLE_FIELDS, hide={"status": DRAFT},
                                    page=result_page.page, per_page=per_page)
        result_page.did_you_mean = search_query.did_you_mean(_settings(), ARTICLES, text, ["question", "answer"],
                                                             hide={"status": DRAFT})
    except IndexUnavailable:
        current_app.logger.warning("FAQ search index unavailable", exc_info=True)
        result_page.unavailable = True
        return result_page
    rows = db.session.scalars(select(Article).where(Article.id.in_(found.ids), Article.status == PUBLISHED))
    result_page.items = [Found(a, search_query.highlight(a.question, found.terms),
                               search_query.highlight(plain_text(a.answer), found.terms))
                         for a in _in_order(rows, found.ids)]
    result_page.total = found.total
    return result_page


def suggest_articles(text: str, *, limit: int = 5) -> list[Article]:
    """Articles for the new-ticket form while the subject is typed; nothing for very short text."""
    if len((text or "").strip()) < current_app.config["PORTAL_FAQ_SUGGEST_MIN_CHARS"]:
        return []
    try:
        found = search_query.search(_settings(), ARTICLES, text, ARTICLE_FIELDS, hide={"status": DRAFT},
                                    per_page=limit, match_all=False)
    except IndexUnavailable:
        return []
    rows = db.session.scalars(select(Article).where(Article.id.in_(found.ids), Article.status == PUBLISHED))
    return _in_order(rows, found.ids)


def related_articles(article: Article, *, limit: int = 5) -> list[Article]:
    try:
        ids = search_query.more_like(_settings(), ARTICLES, article.id,
                                     f"{article.question}\n{plain_text(article.answer)}", "answer",
                                     hide={"status": DRAFT}, top=limit)
    except IndexUnavailable:
        ids = []
    rows = db.session.scalars(select(Article).where(Article.id.in_(ids), Article.status == PUBLISHED))
    return _in_order(rows, ids)


def search_tickets(user, text: str, *, page: int = 1, per_page: int = 20) -> ResultPage:
    """Tickets matching the text that this person may see: the index answers, visible_tickets decides."""
    result_page = ResultPage(query=text or "", page=max(page, 1), per_page=per_page)
    if not search_query.query_terms(text):
        return result_page
    try:
        found = search_query.search_ids(_settings(), TICKETS, text, TICKET_FIELDS)
    except IndexUnavailable:
        current_app.logger.warning("ticket search index unavailable", exc_info=True)
        result_page.unavailable = True
        return result_page
    visible = db.session.scalars(visible_tickets(user).where(Ticket.id.in_(found.ids)))
    ordered = _in_order(visible, found.ids)
    result_page.total = len(ordered)
    start = (result_page.page - 1) * per_page
    result_page.items = [Found(t, search_query.highlight(t.subject, found.terms),
                               search_query.highlight(_first_public_message(t), found.terms))
                         for t in ordered[start:start + per_page]]
    return result_page


def _first_public_message(ticket: Ticket) -> str:
    return next((m.body for m in ticket.messages if not m.is_internal), "")


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
             .options(selectinload(Ticket.messages)).order_by(Ticket.created_at.desc()).limit(limit))
    tickets = {t.id: t for t in db.session.scalars(query)}
    texts = {t.id: f"{t.subject}\n{_first_public_message(t)}" for t in tickets.values()}
    groups = search_query.similar_groups(_settings(), TICKETS, texts, "opening")
    result = []
    for ids in groups:
        members = sorted((tickets[i] for i in ids), key=lambda t: t.created_at, reverse=True)
        promotable = next((t for t in members if t.status in CLOSED_STATUSES), None)
        result.append(TicketGroup(members, promotable))
    return result
