"""What the FAQ index holds, read from the database, and which rows keep it current.

create_app registers SEARCH_SOURCE with the rows in SEARCH_WATCH (portal.search.sync.register).
"""
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..extensions import db
from ..search import Source
from ..search.schemas import ARTICLES, article_schema
from .models import Article
from .rendering import plain_text


def _load_articles(ids: list[int], bind=None) -> dict[int, dict | None]:
    """`bind`: a connection whose transaction may hold the change (the PostgreSQL backend writes inside it)."""
    with Session(bind or db.engine) as session:
        found = {a.id: {"question": a.question, "answer": plain_text(a.answer), "category": a.category.name,
                        "status": a.status}
                 for a in session.scalars(select(Article).where(Article.id.in_(ids))).unique()}
    return {doc_id: found.get(doc_id) for doc_id in ids}


def _all_article_ids() -> list[int]:
    with Session(db.engine) as session:
        return list(session.scalars(select(Article.id).order_by(Article.id)))


SEARCH_SOURCE = Source(ARTICLES, article_schema(), _load_articles, _all_article_ids)
SEARCH_WATCH = ((Article, lambda article: article.id),)
