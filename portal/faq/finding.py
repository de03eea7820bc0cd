"""Searching the FAQ through the search package: the search page, suggestions, related articles.

Articles come back published only (filtered in the index and again in the database). Ticket search
lives with the tickets (portal/tickets/search.py).
"""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..search import IndexUnavailable, log as search_log, query as search_query, synonyms
from ..search import backend as search_backend
from ..search.results import Found, ResultPage, in_order
from ..search.schemas import ARTICLE_FIELDS, ARTICLES
from .models import DRAFT, PUBLISHED, Article
from .rendering import plain_text


def _backend():
    return search_backend.current()


def search_articles(text: str, *, page: int = 1, per_page: int = 10) -> ResultPage:
    """One page of published articles, best first. The first page of each search is logged (search_log)."""
    result_page = ResultPage(query=text or "", page=max(page, 1), per_page=per_page)
    if not search_query.query_terms(text):
        if result_page.page == 1:
            search_log.record("faq", text, 0)
        return result_page
    try:
        found = _backend().search(ARTICLES, text, ARTICLE_FIELDS, hide={"status": DRAFT}, page=result_page.page,
                                  per_page=per_page, ranked=True, synonym_groups=synonyms.current_groups())
        result_page.did_you_mean = _naming_what_was_found(
            _backend().did_you_mean(ARTICLES, text, ["question", "answer"], hide={"status": DRAFT}), text, found)
    except IndexUnavailable:
        current_app.logger.warning("FAQ search index unavailable", exc_info=True)
        result_page.unavailable = True
        return result_page
    rows = db.session.scalars(select(Article).where(Article.id.in_(found.ids), Article.status == PUBLISHED))
    result_page.items = [Found(a, search_query.highlight(a.question, found.terms),
                               search_query.highlight(plain_text(a.answer), found.terms))
                         for a in in_order(rows, found.ids)]
    result_page.total = found.total
    if result_page.page == 1:
        search_log.record("faq", text, result_page.total)
    return result_page


def _naming_what_was_found(suggestion: str | None, text: str, found) -> str | None:
    """"Did you mean" as the search understood the words: when articles were found, every word the suggestion
    changes must be one they were found by (a typo's neighbour), never a look-alike of a word the search read
    another way (a synonym: «نت» is not «نه»; a compound: «کنترل پنل» is not «کمتر پنل»)."""
    if suggestion is None or not found.total:
        return suggestion
    for typed, offered in zip(search_query.query_words(text), suggestion.split()):
        if offered != typed and (search_query.query_terms(offered) or [offered])[0] not in found.terms:
            return None
    return suggestion


def suggest_articles(text: str, *, limit: int = 5) -> list[Article]:
    """Articles for the new-ticket form while the subject is typed; nothing for very short text."""
    if len((text or "").strip()) < current_app.config["PORTAL_FAQ_SUGGEST_MIN_CHARS"]:
        return []
    try:
        found = _backend().search(ARTICLES, text, ARTICLE_FIELDS, hide={"status": DRAFT}, per_page=limit,
                                  ranked=True, synonym_groups=synonyms.current_groups())
    except IndexUnavailable:
        return []
    rows = db.session.scalars(select(Article).where(Article.id.in_(found.ids), Article.status == PUBLISHED))
    return in_order(rows, found.ids)


def related_articles(article: Article, *, limit: int = 5) -> list[Article]:
    try:
        ids = _backend().more_like(ARTICLES, article.id, f"{article.question}\n{plain_text(article.answer)}",
                                   "answer", hide={"status": DRAFT}, top=limit)
    except IndexUnavailable:
        ids = []
    rows = db.session.scalars(select(Article).where(Article.id.in_(ids), Article.status == PUBLISHED))
    return in_order(rows, ids)
