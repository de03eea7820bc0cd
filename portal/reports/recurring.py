"""Recurring problems: the largest groups of similar tickets in the range (the FAQ's grouping), their trend,
whether an FAQ article covers them, FAQ deflection, and the top FAQ searches that found nothing (the articles
the FAQ is missing)."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..faq import finding, services as faq_services
from ..faq.models import PUBLISHED, Article
from ..search import log as search_log
from ..tickets.models import Ticket
from ..tickets.search import frequent_ticket_groups
from . import sql
from .filters import ReportFilters
from .tables import Chart, Column, Table, period_label

GROUPS_SHOWN = 10
GROUPS_CHARTED = 5
UNANSWERED_LISTED = 20


@dataclass
class Problem:
    subject: str
    size: int
    article: Article | None  # an article made from one of its tickets, or the FAQ's best match
    draft_from: Ticket | None  # the newest resolved ticket of the group: what "draft an article" starts from
    counts: dict  # period key -> tickets


def problems(user, f: ReportFilters) -> list[Problem]:
    """Raises search.IndexUnavailable when the ticket index is missing."""
    _start, end = sql.utc_bounds(f)
    groups = frequent_ticket_groups(user, days=(f.end - f.start).days + 1, now=end)
    found = []
    for group in sorted(groups, key=lambda g: -len(g.tickets))[:GROUPS_SHOWN]:
        ids = [t.id for t in group.tickets]
        counts = sql.counted_by_period(f, Ticket.created_at, [Ticket.id.in_(ids)])
        subject = group.tickets[0].subject
        found.append(Problem(subject, len(ids), _covering_article(ids, subject), group.promotable, counts))
    return found


def _covering_article(ids, subject) -> Article | None:
    made = db.session.scalar(select(Article).where(Article.source_ticket_id.in_(ids), Article.status == PUBLISHED)
                             .limit(1))
    if made is not None:
        return made
    matches = finding.suggest_articles(subject, limit=1)
    return matches[0] if matches else None


def trend_table(f: ReportFilters, found: list[Problem]) -> Table:
    charted = found[:GROUPS_CHARTED]
    rows = [[period_label(p.key, f.period), *(problem.counts.get(p.key, 0) for problem in charted)]
            for p in sql.periods(f)]
    return Table("trend", _l("Trend of the largest groups"),
                 [Column(_l("Period"), "text"), *(Column(p.subject) for p in charted)], rows,
                 Chart("line", tuple(range(1, len(charted) + 1))) if charted else None)


def groups_table(found: list[Problem]) -> Table:
    return Table("groups", _l("Largest groups of similar tickets"),
                 [Column(_l("Problem"), "text"), Column(_l("Tickets")), Column(_l("FAQ article"), "text")],
                 [[p.subject, p.size, p.article.question if p.article else ""] for p in found])


def deflection_table(f: ReportFilters) -> Table:
    """Suggested articles opened while writing a ticket, and how many of those sessions opened no ticket."""
    start, _end = sql.utc_bounds(f)
    stats = faq_services.deflection_stats(start)
    rate = None if stats.rate is None else 100.0 * stats.rate
    return Table("deflection", _l("FAQ deflection"),
                 [Column(_l("Suggested articles opened")), Column(_l("Sessions")), Column(_l("Opened a ticket anyway")),
                  Column(_l("Deflected")), Column(_l("Still deciding")), Column(_l("Deflection rate (%)"), "percent")],
                 [[stats.opens, stats.sessions, stats.converted, stats.deflected, stats.pending, rate]],
                 note=_l("Since the start of the range. A session counts as deflected when no ticket follows "
                         "within the deflection window."))


def unanswered_table(f: ReportFilters) -> Table:
    """The FAQ searches that found nothing since the start of the range, most frequent first (the search log
    keeps no identifiers: they are already «#»)."""
    start, _end = sql.utc_bounds(f)
    rows = search_log.unanswered(since=start, scope="faq", limit=UNANSWERED_LISTED)
    return Table("unanswered", _l("Top searches that found nothing"),
                 [Column(_l("Search"), "text"), Column(_l("Times"))], [[query, times] for query, times in rows],
                 note=_l("FAQ searches since the start of the range with no result: the articles the FAQ is missing."))
