"""FAQ business logic: categories, articles, views, votes and deflection. Plain arguments in, objects out."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import case, func, select, update
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..extensions import db
from ..models_base import utcnow
from .models import DRAFT, PUBLISHED, STATUSES, Article, ArticleVote, FaqCategory, SuggestionOpen


# ---- categories ------------------------------------------------------------------------------

def categories() -> list[FaqCategory]:
    return list(db.session.scalars(select(FaqCategory).order_by(FaqCategory.position, FaqCategory.name)))


def categories_with_counts() -> list[tuple[FaqCategory, int]]:
    """Categories that have published articles, with how many."""
    count = func.count(Article.id)
    query = (select(FaqCategory, count).join(Article, Article.category_id == FaqCategory.id)
             .where(Article.status == PUBLISHED).group_by(FaqCategory.id)
             .order_by(FaqCategory.position, FaqCategory.name))
    return [(category, n) for category, n in db.session.execute(query)]


def create_category(*, name: str, description: str | None = None, position: int = 0, actor=None) -> FaqCategory:
    category = FaqCategory(name=name.strip(), description=(description or "").strip() or None, position=position)
    db.session.add(category)
    db.session.flush()
    audit.record(actor, "faq.category_created", category, name=category.name)
    db.session.commit()
    return category


def update_category(category: FaqCategory, *, name: str, description: str | None, position: int,
                    actor=None) -> FaqCategory:
    category.name = name.strip()
    category.description = (description or "").strip() or None
    category.position = position
    audit.record(actor, "faq.category_changed", category, name=category.name)
    db.session.commit()
    return category


# ---- articles --------------------------------------------------------------------------------

def published_articles(category: FaqCategory | None = None) -> list[Article]:
    query = select(Article).where(Article.status == PUBLISHED).order_by(Article.position, Article.id)
    if category is not None:
        query = query.where(Article.category_id == category.id)
    return list(db.session.scalars(query))


def all_articles() -> list[Article]:
    return list(db.session.scalars(select(Article).order_by(Article.category_id, Article.position, Article.id)))


def most_viewed(limit: int = 5) -> list[Article]:
    query = (select(Article).where(Article.status == PUBLISHED)
             .order_by(Article.view_count.desc(), Article.id).limit(limit))
    return list(db.session.scalars(query))


def create_article(*, category: FaqCategory, question: str, answer: str, status: str = DRAFT, position: int = 0,
                   source_ticket=None, actor=None) -> Article:
    if status not in STATUSES:
        raise ValueError(f"unknown article status {status!r}")
    article = Article(category=category, question=question.strip(), answer=answer.strip(), status=status,
                      position=position, source_ticket=source_ticket,
                      published_at=utcnow() if status == PUBLISHED else None)
    db.session.add(article)
    db.session.flush()
    audit.record(actor, "faq.article_created", article, status=status,
                 source_ticket=getattr(source_ticket, "number", None))
    db.session.commit()
    return article


def update_article(article: Article, *, category: FaqCategory, question: str, answer: str, status: str,
                   position: int, actor=None) -> Article:
    if status not in STATUSES:
        raise ValueError(f"unknown article status {status!r}")
    if status == PUBLISHED and not article.published_at:
        article.published_at = utcnow()
    article.category = category
    article.question = question.strip()
    article.answer = answer.strip()
    article.status = status
    article.position = position
    audit.record(actor, "faq.article_changed", article, status=status)
    db.session.commit()
    return article


def record_view(article: Article) -> None:
    """Count a view in SQL (no read-modify-write race, and no reindexing for a counter)."""
    db.session.execute(update(Article).where(Article.id == article.id)
                       .values(view_count=Article.view_count + 1).execution_options(synchronize_session=False))
    db.session.commit()


# ---- votes -----------------------------------------------------------------------------------

def voter_key(user, session_token: str | None) -> str | None:
    """Signed-in people vote as themselves on any device; visitors by the browser session."""
    if getattr(user, "is_authenticated", False) and getattr(user, "is_customer", False):
        return f"customer:{user.id}"
    if getattr(user, "is_authenticated", False) and getattr(user, "is_staff", False):
        return f"staff:{user.id}"
    return f"session:{session_token}" if session_token else None


def vote(article: Article, voter: str, helpful: bool) -> ArticleVote:
    """One vote per person and article; voting again changes the answer rather than adding one."""
    existing = db.session.scalar(select(ArticleVote).where(ArticleVote.article_id == article.id,
                                                           ArticleVote.voter == voter))
    if existing is None:
        existing = ArticleVote(article_id=article.id, voter=voter, helpful=helpful)
        db.session.add(existing)
        try:
            db.session.commit()
            return existing
        except IntegrityError:  # the same person's other tab voted at the same moment
            db.session.rollback()
            existing = db.session.scalar(select(ArticleVote).where(ArticleVote.article_id == article.id,
                                                                   ArticleVote.voter == voter))
    existing.helpful = helpful
    db.session.commit()
    return existing


def vote_counts(article: Article) -> tuple[int, int]:
    """(helpful, not helpful)."""
    query = select(func.count(case((ArticleVote.helpful.is_(True), 1))),
                   func.count(case((ArticleVote.helpful.is_(False), 1)))).where(ArticleVote.article_id == article.id)
    yes, no = db.session.execute(query).one()
    return int(yes), int(no)


def vote_of(article: Article, voter: str | None) -> bool | None:
    if not voter:
        return None
    return db.session.scalar(select(ArticleVote.helpful).where(ArticleVote.article_id == article.id,
                                                               ArticleVote.voter == voter))


# ---- deflection ------------------------------------------------------------------------------

def new_session_token() -> str:
    return secrets.token_urlsafe(24)


def record_suggestion_open(token: str, article: Article) -> SuggestionOpen:
    opened = SuggestionOpen(token=token, article_id=article.id)
    db.session.add(opened)
    db.session.commit()
    return opened


def _window(window_minutes: int | None) -> timedelta:
    if window_minutes is None:
        window_minutes = current_app.config["PORTAL_DEFLECTION_WINDOW_MINUTES"]
    return timedelta(minutes=int(window_minutes))


SESSION_TOKEN = "faq_token"  # the Flask session key of the browser's token for deflection and anonymous votes


def mark_ticket_submitted(token: str | None, *, now: datetime | None = None, window_minutes: int | None = None) -> int:
    """The session opened a ticket after all: its suggestion opens within the window did not deflect it.

    Called by the ticket views with the browser session's token; returns how many opens were marked.
    """
    if not token:
        return 0
    since = (now or utcnow()) - _window(window_minutes)
    result = db.session.execute(update(SuggestionOpen)
                                .where(SuggestionOpen.token == token, SuggestionOpen.converted.is_(False),
                                       SuggestionOpen.opened_at >= since)
                                .values(converted=True).execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount or 0


@dataclass(frozen=True)
class DeflectionStats:
    opens: int  # suggested articles opened
    sessions: int  # browser sessions that opened at least one
    converted: int  # sessions that opened a ticket anyway
    deflected: int  # sessions that did not open a ticket within the window
    pending: int  # sessions still inside the window

    @property
    def rate(self) -> float | None:
        decided = self.converted + self.deflected
        return self.deflected / decided if decided else None


def deflection_stats(since: datetime, *, now: datetime | None = None, window_minutes: int | None = None) -> DeflectionStats:
    window_start = (now or utcnow()) - _window(window_minutes)
    per_session = (select(SuggestionOpen.token, func.count(SuggestionOpen.id), func.max(SuggestionOpen.opened_at),
                          func.max(case((SuggestionOpen.converted.is_(True), 1), else_=0)))
                   .where(SuggestionOpen.opened_at >= since).group_by(SuggestionOpen.token))
    opens = sessions = converted = deflected = pending = 0
    for _token, count, last_open, was_converted in db.session.execute(per_session):
        opens += count
        sessions += 1
        if was_converted:
            converted += 1
        elif last_open < window_start:
            deflected += 1
        else:
            pending += 1
    return DeflectionStats(opens, sessions, converted, deflected, pending)
