"""Satisfaction: CSAT (1-5) average and distribution per period, agent and department, with the comments;
NPS (% promoters - % detractors) per period from the customers' NPS answers."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from ..accounts.models import Department, StaffUser
from ..customers.models import NpsResponse
from ..extensions import db
from ..tickets.models import Feedback, Ticket
from . import rollup, sql
from .filters import ReportFilters
from .models import CalendarDay
from .speed import names
from .tables import Chart, Column, Table, period_label

SCORES = (1, 2, 3, 4, 5)
COMMENTS_LISTED = 50


def _score_columns(first):
    return ([Column(first, "text"), Column(_l("Ratings")), Column(_l("Average (1-5)"), "score")]
            + [Column(_l("Score %(score)s", score=s)) for s in SCORES])


def _aggregates():
    return [func.count(Feedback.id), func.sum(Feedback.score),
            *(func.sum(case((Feedback.score == s, 1), else_=0)) for s in SCORES)]


def _rated_in_range(f):
    start, end = sql.utc_bounds(f)
    return [Feedback.created_at >= start, Feedback.created_at < end]


def _row(label, figures):
    n, avg, *dist = figures
    return [label, int(n or 0), float(avg) if avg is not None else None, *(int(d or 0) for d in dist)]


RATED = ("ratings", "score_sum", *(f"score_{s}" for s in SCORES))


def _averaged(sums):
    """(count, average, scores) from (count, sum of scores, scores): divided here, so the rollup, the direct
    query and both databases give the very same float (PostgreSQL's avg() rounds in numeric)."""
    n, total, *dist = sums
    return (n, total / n if n else None, *dist)


def per_period(user, f: ReportFilters) -> Table:
    summed = rollup.criteria(user, f)
    if summed is not None:
        figures = {k: _averaged(v) for k, v in rollup.sums_by_period(f, summed, RATED).items()}
        total = _averaged(rollup.sums_by(f, summed, RATED).get(None, [0] * len(RATED)))
        return _period_table(f, figures, total)
    key = sql.period_key(f.period).label("key")
    join, where = sql.rows_in(f, Feedback.created_at, indexed=False)
    query = (select(key, *_aggregates()).select_from(CalendarDay).join(Feedback, join)
             .join(Ticket, Ticket.id == Feedback.ticket_id)
             .where(*where, *sql.ticket_criteria(user, f)).group_by(key))
    figures = {sql._key(r[0], f.period): _averaged(r[1:]) for r in db.session.execute(query)}
    total = _averaged(db.session.execute(select(*_aggregates()).join(Ticket, Ticket.id == Feedback.ticket_id)
                                         .where(*_rated_in_range(f), *sql.ticket_criteria(user, f))).one())
    return _period_table(f, figures, total)


def _period_table(f, figures, total) -> Table:
    empty = (0, None, *(0 for _ in SCORES))
    rows = [_row(period_label(p.key, f.period), figures.get(p.key, empty))
            for p in sql.periods(f)]
    count = len(rows)
    rows.append(_row(_l("Total"), total))
    return Table("csat_period", _l("CSAT per period"), _score_columns(_l("Period")), rows,
                 Chart("bar", tuple(range(3, 3 + len(SCORES))), stacked=True), chart_rows=count,
                 note=_l("Ratings given in each period, for tickets you can see."))


def _per(user, f, column, model, attribute, name, title) -> Table:
    summed = rollup.criteria(user, f)
    if summed is not None:
        figures = {k: _averaged(v) for k, v in rollup.sums_by(f, summed, RATED, column.key).items() if v[0]}
    else:
        query = (select(column, *_aggregates()).join(Ticket, Ticket.id == Feedback.ticket_id)
                 .where(*_rated_in_range(f), *sql.ticket_criteria(user, f)).group_by(column))
        figures = {r[0]: _averaged(r[1:]) for r in db.session.execute(query)}
    labels = names(model, figures, attribute)
    rows = sorted((_row(labels.get(i, _l("Unassigned")), v) for i, v in figures.items()), key=lambda r: str(r[0]))
    return Table(name, title, _score_columns(_l("Agent") if model is StaffUser else _l("Department")), rows,
                 Chart("bar", (2,)))


def comments(user, f: ReportFilters) -> Table:
    rows = db.session.execute(
        select(Feedback.created_at, Ticket.number, StaffUser.full_name, Feedback.score, Feedback.comment)
        .join(Ticket, Ticket.id == Feedback.ticket_id).outerjoin(StaffUser, StaffUser.id == Ticket.assignee_id)
        .where(*_rated_in_range(f), *sql.ticket_criteria(user, f), Feedback.comment.is_not(None))
        .order_by(Feedback.created_at.desc()).limit(COMMENTS_LISTED)).all()
    return Table("comments", _l("Comments"),
                 [Column(_l("Date"), "datetime"), Column(_l("Ticket"), "text"), Column(_l("Agent"), "text"),
                  Column(_l("Score")), Column(_l("Comment"), "text")], [list(r) for r in rows])


def nps_per_period(f: ReportFilters) -> Table:
    """NPS is about the company, not a ticket: every answer in the range counts (department filters do not apply)."""
    key = sql.period_key(f.period).label("key")
    join, where = sql.rows_in(f, NpsResponse.at, indexed=False)
    promoters = func.sum(case((NpsResponse.score >= 9, 1), else_=0))
    detractors = func.sum(case((NpsResponse.score <= 6, 1), else_=0))
    query = (select(key, func.count(NpsResponse.id), promoters, detractors).select_from(CalendarDay)
             .join(NpsResponse, join).where(*where).group_by(key))
    figures = {sql._key(r[0], f.period): [int(x or 0) for x in r[1:]] for r in db.session.execute(query)}
    rows, total = [], [0, 0, 0]
    for p in sql.periods(f):
        n, pro, det = figures.get(p.key, [0, 0, 0])
        total = [total[0] + n, total[1] + pro, total[2] + det]
        rows.append([period_label(p.key, f.period), n, pro, n - pro - det, det, _nps(n, pro, det)])
    count = len(rows)
    n, pro, det = total
    rows.append([_l("Total"), n, pro, n - pro - det, det, _nps(n, pro, det)])
    return Table("nps", _l("NPS per period"),
                 [Column(_l("Period"), "text"), Column(_l("Answers")), Column(_l("Promoters (9-10)")),
                  Column(_l("Passives (7-8)")), Column(_l("Detractors (0-6)")), Column(_l("NPS"), "score")],
                 rows, Chart("line", (5,)), chart_rows=count,
                 note=_l("NPS is the share of promoters minus the share of detractors, from -100 to 100."))


def _nps(n, promoters, detractors):
    return None if not n else 100.0 * (promoters - detractors) / n


def satisfaction(user, f: ReportFilters) -> list[Table]:
    return [per_period(user, f),
            _per(user, f, Ticket.assignee_id, StaffUser, "full_name", "csat_agent", _l("CSAT per agent")),
            _per(user, f, Ticket.department_id, Department, "name", "csat_department", _l("CSAT per department")),
            nps_per_period(f), comments(user, f)]
