"""The search log: every FAQ query with its result count, so reports can list what found nothing.

No personal data: no account, no address, and whatever looks like an identifier in the query (an
e-mail, a number of five digits or more: mobile, national code, customer or ticket number) becomes «#».
"""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy import text as sql

from ..extensions import db
from ..models_base import utcnow
from ..persian import to_ascii_digits
from .analyzer import normalize_query
from .models import SearchLogEntry

MAX_QUERY = 200
_IDENTIFIER = re.compile(r"\S*@\S*|\S*\d[\d\s\-+()]{3,}\d\S*")


def scrub(text: str) -> str:
    """The query as logged: letters and spaces normalised, identifiers replaced by «#», case folded."""
    query = to_ascii_digits(normalize_query(text)).casefold()
    return _IDENTIFIER.sub("#", query)[:MAX_QUERY]


def record(scope: str, text: str, results: int, *, at: datetime | None = None) -> None:
    """Log one search; in its own short transaction, so the page's session is left as it was."""
    query = scrub(text)
    if not query:
        return
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # a statistic: not worth the search's waiting for the disk to flush
            conn.execute(sql("SET LOCAL synchronous_commit = off"))
        conn.execute(insert(SearchLogEntry.__table__).values(searched_at=at or utcnow(), scope=scope, query=query,
                                                             results=results))


def unanswered(*, since: datetime, scope: str = "faq", limit: int = 50) -> list[tuple[str, int]]:
    """The searches that found nothing since `since`, most frequent first: (query, times)."""
    times = func.count(SearchLogEntry.id)
    rows = db.session.execute(
        select(SearchLogEntry.query, times)
        .where(SearchLogEntry.scope == scope, SearchLogEntry.results == 0, SearchLogEntry.searched_at >= since)
        .group_by(SearchLogEntry.query).order_by(times.desc(), SearchLogEntry.query).limit(limit))
    return [(query, count) for query, count in rows]
