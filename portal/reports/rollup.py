"""The daily rollup (report_ticket_days): counts the slow reports read instead of scanning every ticket.

One row per local day and ticket dimensions (department, topic, channel, assignee) with: tickets opened that
day and their SLA targets met or missed once reached; tickets resolved that day; ratings given that day. The
figures equal the direct SQL ones (tests compare both on SQLite and PostgreSQL); what depends on the clock
(a target not reached yet whose due time passed) and the percentiles are still read from the tickets.

The worker refreshes it every PORTAL_REPORT_ROLLUP_INTERVAL_SECONDS: the last PORTAL_REPORT_ROLLUP_RECENT_DAYS
days, and the days of every ticket touched since the last refresh (activity, or a history event: assignment,
transfer, status). Once a day, and by `flask --app portal report-rollup --full`, it is rebuilt whole.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import current_app, g
from sqlalchemy import delete, func, insert, literal_column, select, text, union_all
from sqlalchemy.sql import visitors
from sqlalchemy.sql.schema import Column as SchemaColumn

from ..extensions import db
from ..models_base import utcnow
from ..tickets.models import Feedback, Ticket, TicketEvent
from . import calendar, sql
from .filters import ReportFilters
from .models import CalendarDay, RollupState, TicketDay

DIMENSIONS = ("department_id", "category_id", "channel", "assignee_id")
MEASURES = ("created", "resolved", "first_response_met", "first_response_late", "resolution_met", "resolution_late",
            "ratings", "score_sum", "score_1", "score_2", "score_3", "score_4", "score_5")
FULL_REBUILD_ABOVE = 20_000  # touched tickets past which one full rebuild is cheaper than day by day
_LOCK_KEY = 7_310_017  # PostgreSQL advisory lock: one refresh at a time (the CLI and the worker)


# ---- reading -----------------------------------------------------------------------------------------------

def enabled() -> bool:
    """Switched on, and built at least once (before the worker's first run the reports read the tickets)."""
    if not current_app.config["PORTAL_REPORT_ROLLUP"]:
        return False
    if not g.get("report_rollup_built"):  # once built it stays built: only that is kept for the request
        g.report_rollup_built = db.session.scalar(select(RollupState.refreshed_at).where(RollupState.id == 1)) is not None
    return g.report_rollup_built


def criteria(user, f: ReportFilters) -> list | None:
    """Visibility and filters as conditions on the rollup, or None when the rollup cannot answer them
    (switched off, or an access rule that needs more than the rollup's dimensions)."""
    if not enabled():
        return None
    adapted = []
    for condition in sql.ticket_criteria(user, f):
        condition = _on_rollup(condition)
        if condition is None:
            return None
        adapted.append(condition)
    return adapted


def _on_rollup(condition):
    """The same condition with the tickets' dimension columns swapped for the rollup's; None if it uses others."""
    tickets, rollup = Ticket.__table__, TicketDay.__table__
    failed = []

    def swap(element):
        if isinstance(element, SchemaColumn) and element.table is tickets:
            if element.name in DIMENSIONS:
                return rollup.c[element.name]
            failed.append(element.name)
        return None

    swapped = visitors.replacement_traverse(condition, {}, swap)
    return None if failed else swapped


def sums_by_period(f: ReportFilters, conditions: list, measures, *, groups=()) -> dict:
    """{period key or (period key, *group values): [sums of measures]} over the range's days."""
    key = sql.period_key(f.period).label("key")
    columns = [TicketDay.__table__.c[g] for g in groups]
    query = (select(key, *columns, *(func.sum(TicketDay.__table__.c[m]) for m in measures))
             .select_from(TicketDay).join(CalendarDay, CalendarDay.day == TicketDay.day)
             .where(sql.in_range(f), *conditions).group_by(key, *columns))
    result = {}
    for row in db.session.execute(query):
        k = sql._key(row[0], f.period)
        result[(k, *row[1:1 + len(groups)]) if groups else k] = [int(x or 0) for x in row[1 + len(groups):]]
    return result


def sums_by(f: ReportFilters, conditions: list, measures, group: str | None = None) -> dict:
    """{group value: [sums]} (or {None: [sums]} without a group) over the range's days."""
    column = TicketDay.__table__.c[group] if group else None
    query = (select(*([column] if group else []), *(func.sum(TicketDay.__table__.c[m]) for m in measures))
             .where(TicketDay.day.between(f.start, f.end), *conditions))
    if group:
        query = query.group_by(column)
    return {(row[0] if group else None): [int(x or 0) for x in row[1 if group else 0:]]
            for row in db.session.execute(query)}


def sums_before(day: date, conditions: list, measures) -> list[int]:
    row = db.session.execute(select(*(func.sum(TicketDay.__table__.c[m]) for m in measures))
                             .where(TicketDay.day < day, *conditions)).one()
    return [int(x or 0) for x in row]


# ---- writing -----------------------------------------------------------------------------------------------

def _ones(**values) -> list:
    """Every measure as a column of the union: 0 unless given."""
    return [values.get(m, literal_column("0")).label(m) for m in MEASURES]


def _flag(condition):
    from sqlalchemy import case

    return case((condition, 1), else_=0)


def _rows_for(f: ReportFilters):
    """SELECT of the rollup rows for the range's days: one union of opened, resolved and rated, summed."""
    dims = [getattr(Ticket, d) for d in DIMENSIONS]
    join, where = sql.rows_in(f, Ticket.created_at)
    opened = (select(CalendarDay.day, *dims, *_ones(
        created=literal_column("1"),
        first_response_met=_flag(Ticket.first_response_at <= Ticket.first_response_due_at),
        first_response_late=_flag(Ticket.first_response_at > Ticket.first_response_due_at),
        resolution_met=_flag(Ticket.resolved_at <= Ticket.resolution_due_at),
        resolution_late=_flag(Ticket.resolved_at > Ticket.resolution_due_at)))
        .select_from(CalendarDay).join(Ticket, join).where(*where))
    join, where = sql.rows_in(f, Ticket.resolved_at)
    resolved = (select(CalendarDay.day, *dims, *_ones(resolved=literal_column("1")))
                .select_from(CalendarDay).join(Ticket, join).where(*where))
    join, where = sql.rows_in(f, Feedback.created_at, indexed=False)
    rated = (select(CalendarDay.day, *dims, *_ones(ratings=literal_column("1"), score_sum=Feedback.score,
                                                    **{f"score_{s}": _flag(Feedback.score == s) for s in range(1, 6)}))
             .select_from(CalendarDay).join(Feedback, join).join(Ticket, Ticket.id == Feedback.ticket_id).where(*where))
    rows = union_all(opened, resolved, rated).subquery()
    groups = [rows.c.day, *(rows.c[d] for d in DIMENSIONS)]
    return select(*groups, *(func.sum(rows.c[m]) for m in MEASURES)).group_by(*groups)


def _rebuild_days(first: date, last: date) -> int:
    """Replace the rollup rows of first..last (inclusive) with fresh ones; in the caller's transaction."""
    f = ReportFilters(start=first, end=last)
    db.session.execute(delete(TicketDay).where(TicketDay.day.between(first, last)))
    db.session.execute(insert(TicketDay).from_select(["day", *DIMENSIONS, *MEASURES], _rows_for(f)))
    return db.session.scalar(select(func.count()).select_from(TicketDay).where(TicketDay.day.between(first, last)))


def _lock() -> None:
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    # SQLite: the first write of the transaction takes the database's write lock


def _state() -> RollupState:
    state = db.session.get(RollupState, 1)
    if state is None:
        state = RollupState(id=1)
        db.session.add(state)
    return state


def _local_day(moment: datetime) -> date:
    from ..tickets.services import sla

    return calendar.local_today(sla.calendar(), moment)


def _all_days() -> tuple[date, date] | None:
    low = db.session.scalar(select(func.min(Ticket.created_at)))
    if low is None:
        return None
    high = max(x for x in db.session.execute(select(func.max(Ticket.created_at), func.max(Ticket.resolved_at),
                                                    select(func.max(Feedback.created_at)).scalar_subquery())).one()
               if x is not None)
    return _local_day(low), _local_day(high)


def _touched_days(since: datetime, after_event: int) -> set[date] | None:
    """The local days of every ticket touched since the last refresh (opened, resolved, rated); None: too many."""
    events = select(TicketEvent.ticket_id).where(TicketEvent.id > after_event)
    touched = select(Ticket.id).where(Ticket.last_activity_at >= since).union(events).subquery()
    rows = db.session.execute(
        select(Ticket.created_at, Ticket.resolved_at, Feedback.created_at)
        .outerjoin(Feedback, Feedback.ticket_id == Ticket.id)
        .where(Ticket.id.in_(select(touched.c[0]))).limit(FULL_REBUILD_ABOVE + 1)).all()
    if len(rows) > FULL_REBUILD_ABOVE:
        return None
    return {_local_day(moment) for row in rows for moment in row if moment is not None}


def _runs(days) -> list[tuple[date, date]]:
    """Sorted days as contiguous (first, last) runs."""
    runs = []
    for day in sorted(days):
        if runs and runs[-1][1] + timedelta(days=1) == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def refresh(now: datetime | None = None, *, full: bool = False) -> str:
    """Bring the rollup up to date: the recent days and the touched ones, or (full, or never built) every day.
    One transaction; a summary for the job's row."""
    now = now or utcnow()
    _lock()
    state = _state()
    last_event = db.session.scalar(select(func.max(TicketEvent.id))) or 0
    days = None
    if not full and state.refreshed_at is not None:
        recent_from = _local_day(now) - timedelta(days=current_app.config["PORTAL_REPORT_ROLLUP_RECENT_DAYS"])
        # a minute of overlap: a change committed just as the last refresh started is taken again
        days = _touched_days(state.refreshed_at - timedelta(minutes=1), state.last_event_id or 0)
        if days is not None:
            days |= {recent_from + timedelta(days=i) for i in range((_local_day(now) - recent_from).days + 1)}
    if days is None:
        span = _all_days()
        db.session.execute(delete(TicketDay))
        runs = [span] if span else []
        state.rebuilt_at = now
    else:
        runs = _runs(days)
    for first, last in runs:
        calendar.ensure_covers(first, last)
    rows = sum(_rebuild_days(first, last) for first, last in runs)
    state.refreshed_at = now
    state.last_event_id = last_event
    if days is None and db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("ANALYZE report_ticket_days"))  # the planner's estimates for the new rows
    db.session.commit()
    return f"{'rebuilt' if days is None else 'refreshed'}: {sum((b - a).days + 1 for a, b in runs)} days, {rows} rows"


def rebuild(now: datetime | None = None) -> str:
    return refresh(now, full=True)
