"""The pieces every report query is built from: who may see which tickets, the filters, the calendar join,
periods and percentiles. Plain SQL constructs that read the same on SQLite and PostgreSQL."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import current_app, g
from sqlalchemy import and_, case, func, or_, select, text
from sqlalchemy.orm import aliased
from sqlalchemy.sql.util import find_tables

from ..extensions import db
from ..tickets.access import visible_tickets
from ..tickets.models import Ticket
from . import calendar
from .filters import ReportFilters
from .models import CalendarDay


def roomy_sorts() -> None:
    """PostgreSQL: give this request's transaction PORTAL_REPORT_WORK_MEM_MB for its sorts and hashes, so the
    percentiles of a year of tickets sort in memory instead of spilling to disk (SET LOCAL: this transaction)."""
    megabytes = int(current_app.config["PORTAL_REPORT_WORK_MEM_MB"])
    if megabytes > 0 and db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text(f"SET LOCAL work_mem = '{megabytes}MB'"))


def visible_criteria(user):
    """The conditions of visible_tickets(user) on the tickets table, to put in an aggregate's WHERE."""
    query = visible_tickets(user)
    where = query.whereclause
    tables = {getattr(t, "name", None) for t in query.columns_clause_froms}
    if where is not None:
        tables |= {getattr(t, "name", None) for t in find_tables(where, include_joins=True)}
    if tables == {Ticket.__tablename__}:
        return [where] if where is not None else []
    return [Ticket.id.in_(query.with_only_columns(Ticket.id))]  # a policy with joins: a semi-join


def ticket_criteria(user, f: ReportFilters, *, agent_column=None) -> list:
    """Visibility and the filters (not the dates): department, channel, topic, and the agent on agent_column."""
    criteria = visible_criteria(user)
    if f.department_id:
        criteria.append(Ticket.department_id == f.department_id)
    if f.channel:
        criteria.append(Ticket.channel == f.channel)
    if f.category_id:
        criteria.append(Ticket.category_id == f.category_id)
    if f.agent_id:
        criteria.append((agent_column if agent_column is not None else Ticket.assignee_id) == f.agent_id)
    return criteria


def utc_bounds(f: ReportFilters) -> tuple[datetime, datetime]:
    """The range's first local midnight and the midnight after its last day, as naive UTC."""
    tz = ZoneInfo(current_app.config["PORTAL_TIMEZONE"])

    def midnight(day):
        return datetime.combine(day, time(0), tzinfo=tz).astimezone(timezone.utc).replace(tzinfo=None)

    return midnight(f.start), midnight(f.end + timedelta(days=1))


def period_key(period: str):
    """The calendar column a period groups by: the day, the Saturday of the week, or year*100+month (Jalali)."""
    if period == "week":
        return CalendarDay.week_start
    if period == "month":
        return CalendarDay.jalali_year * 100 + CalendarDay.jalali_month
    return CalendarDay.day


def on_day(moment):
    """Join condition: the stored UTC moment falls in the calendar day (local midnight to midnight).

    For an indexed moment (tickets' created_at, resolved_at) the database walks the range's days and reads
    each day's rows from the index."""
    return and_(moment >= CalendarDay.starts_at, moment < CalendarDay.ends_at)


def day_of(moment):
    """Join condition for a moment without an index: each row finds its day with one index seek
    (the latest day starting at or before it), an equality join instead of a range join."""
    earlier = aliased(CalendarDay)
    return CalendarDay.starts_at == (select(func.max(earlier.starts_at)).where(earlier.starts_at <= moment)
                                     .scalar_subquery())


def rows_in(f: ReportFilters, moment, *, indexed=True) -> tuple:
    """(join condition, WHERE conditions) that put each row of the range on its calendar day.

    PostgreSQL walks the range's days and reads each day's rows from the moment's index. SQLite's planner
    does better taking the rows first (by their own bounds) and seeking each one's day; there the calendar
    gets no range of its own, or it would drive the join. The results are the same; only the plan differs."""
    if indexed and db.session.get_bind().dialect.name == "postgresql":
        return on_day(moment), [in_range(f), *within(f, moment)]
    covered(f)
    return day_of(moment), within(f, moment)


def within(f: ReportFilters, moment) -> list:
    start, end = utc_bounds(f)
    return [moment >= start, moment < end]


def covered(f: ReportFilters) -> None:
    """Fill the calendar first if the table does not reach the range yet (checked once per request)."""
    done = g.setdefault("report_calendar_covers", set())
    if (f.start, f.end) not in done:
        calendar.ensure_covers(f.start, f.end)
        done.add((f.start, f.end))


def in_range(f: ReportFilters):
    """The range's calendar days."""
    covered(f)
    return CalendarDay.day.between(f.start, f.end)


@dataclass(frozen=True)
class Period:
    key: object  # a date, or year*100+month
    first_day: date
    last_day: date


def periods(f: ReportFilters) -> list[Period]:
    """Every period of the range in order, also those with nothing in them (the charts' x axis)."""
    key = period_key(f.period).label("key")
    rows = db.session.execute(select(key, func.min(CalendarDay.day), func.max(CalendarDay.day))
                              .where(in_range(f)).group_by(key).order_by(key))
    return [Period(_key(k, f.period), first, last) for k, first, last in rows]


def _key(value, period):
    """SQLite returns dates from a GROUP BY expression as text; PostgreSQL as dates."""
    if period in ("day", "week") and isinstance(value, str):
        return date.fromisoformat(value)
    return int(value) if period == "month" else value


def counted_by_period(f: ReportFilters, moment, criteria, *, extra_groups=(), select_from=Ticket,
                      indexed=True) -> dict:
    """{period key: count}, or {(period key, *extra values): count}, of rows whose `moment` falls in each period."""
    key = period_key(f.period).label("key")
    join, where = rows_in(f, moment, indexed=indexed)
    query = (select(key, *extra_groups, func.count().label("n")).select_from(CalendarDay).join(select_from, join)
             .where(*where, *criteria).group_by(key, *extra_groups))
    result = {}
    for row in db.session.execute(query):
        k = _key(row[0], f.period)
        result[(k, *row[1:-1]) if extra_groups else k] = row[-1]
    return result


def percentile_rows(values, groups: list, *, joins=(), criteria=(), select_from=Ticket):
    """Per group: (group values..., then for each value: count, median, 90th percentile), nearest-rank, in SQL.

    Window functions number each value's non-empty rows in its group (empty ones sorted last, the same on
    both databases); the median is the value ranked ceil(n/2), the 90th percentile the one ranked
    ceil(0.9 n), in integer arithmetic, so both databases agree exactly. One pass serves several values.
    """
    values = values if isinstance(values, (list, tuple)) else [values]
    if db.session.get_bind().dialect.name == "postgresql":
        return _percentiles_ordered_set(values, groups, joins, criteria, select_from)
    labelled = [g.label(f"g{i}") for i, g in enumerate(groups)]
    partition = groups or None
    columns = []
    for i, value in enumerate(values):
        columns += [value.label(f"v{i}"),
                    func.row_number().over(partition_by=partition,
                                           order_by=[case((value.is_(None), 1), else_=0), value]).label(f"rn{i}"),
                    func.count(value).over(partition_by=partition).label(f"n{i}")]
    inner = select(*labelled, *columns).select_from(select_from)
    for target, on in joins:
        inner = inner.join(target, on)
    inner = inner.where(or_(*(v.is_not(None) for v in values)), *criteria).subquery()
    g = [inner.c[f"g{i}"] for i in range(len(groups))]
    figures = []
    for i in range(len(values)):
        v, rn, n = inner.c[f"v{i}"], inner.c[f"rn{i}"], inner.c[f"n{i}"]
        figures += [func.max(n), func.max(case((rn == (n + 1) // 2, v))), func.max(case((rn == (n * 9 + 9) // 10, v)))]
    return db.session.execute(select(*g, *figures).group_by(*g))


# percentile_disc(p) takes the row ranked ceil(p * n) in float arithmetic, where 0.9 * 70 gives 63.00000000000001;
# a hair below 0.9 gives the integer nearest rank (n * 1e-9 stays far below the 0.1 steps of 0.9 n).
_P90 = 0.9 - 1e-9


def _percentiles_ordered_set(values, groups, joins, criteria, select_from):
    """PostgreSQL: the same nearest-rank figures with ordered-set aggregates, one sort per value and group
    instead of a window pass over every row (several times faster)."""
    figures = []
    for value in values:
        figures += [func.count(value), func.percentile_disc(0.5).within_group(value),
                    func.percentile_disc(_P90).within_group(value)]
    query = select(*groups, *figures).select_from(select_from)
    for target, on in joins:
        query = query.join(target, on)
    query = query.where(or_(*(v.is_not(None) for v in values)), *criteria)
    return db.session.execute(query.group_by(*groups) if groups else query)
