"""Speed: first response and resolution in business hours (median, 90th percentile) per period, agent and
department; SLA compliance; the tickets overdue now. Durations are the stored business seconds."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, or_, select, union_all

from ..accounts.models import Department, StaffUser
from ..extensions import db
from ..models_base import utcnow
from ..tickets.models import OVERDUE_STATUSES, UNFINISHED, Ticket
from . import rollup, sql
from .filters import ReportFilters
from .models import CalendarDay
from .tables import Chart, Column, Table, period_label

FR = Ticket.first_response_business_seconds
RES = Ticket.resolution_business_seconds
OVERDUE_LISTED = 50


def _speed_columns(first_label):
    return [Column(first_label, "text"),
            Column(_l("First responses")), Column(_l("First response, median (h)"), "hours"),
            Column(_l("First response, 90th percentile (h)"), "hours"),
            Column(_l("Resolved")), Column(_l("Resolution, median (h)"), "hours"),
            Column(_l("Resolution, 90th percentile (h)"), "hours")]


def _by_group(groups_fr, groups_res, criteria_fr, criteria_res, **kwargs) -> dict:
    """{group: [n, median, p90 of first response, n, median, p90 of resolution]}; one pass when both share
    their groups and criteria."""
    merged = {}
    if groups_fr is groups_res and criteria_fr is criteria_res:
        for row in sql.percentile_rows([FR, RES], groups_fr, criteria=criteria_fr, **kwargs):
            merged[row[0]] = list(row[1:7])
        return merged
    for offset, value, groups, criteria in ((0, FR, groups_fr, criteria_fr), (3, RES, groups_res, criteria_res)):
        for row in sql.percentile_rows(value, groups, criteria=criteria, **kwargs):
            merged.setdefault(row[0], [0, None, None, 0, None, None])[offset:offset + 3] = row[1:4]
    return merged


def names(model, ids, attribute="name") -> dict:
    ids = [i for i in ids if i is not None]
    if not ids:
        return {}
    return dict(db.session.execute(select(model.id, getattr(model, attribute)).where(model.id.in_(ids))).all())


def per_period(user, f: ReportFilters) -> Table:
    join, where = sql.rows_in(f, Ticket.created_at)
    criteria = [*where, *sql.ticket_criteria(user, f)]
    groups = [sql.period_key(f.period)]
    joined = {"select_from": CalendarDay, "joins": [(Ticket, join)]}
    figures = _by_group(groups, groups, criteria, criteria, **joined)
    figures = {sql._key(k, f.period): v for k, v in figures.items()}
    rows = [[period_label(p.key, f.period), *figures.get(p.key, [0, None, None, 0, None, None])]
            for p in sql.periods(f)]
    return Table("by_period", _l("Speed per period"), _speed_columns(_l("Period")), rows, Chart("line", (2, 3, 5, 6)),
                 note=_l("Tickets opened in each period; business hours of the SLA calendar."))


def _created_in_range(f):
    start, end = sql.utc_bounds(f)
    return [Ticket.created_at >= start, Ticket.created_at < end]


def per_agent(user, f: ReportFilters) -> Table:
    created = _created_in_range(f)
    figures = _by_group([Ticket.first_responder_id], [Ticket.assignee_id],
                        [*created, *sql.ticket_criteria(user, f, agent_column=Ticket.first_responder_id)],
                        [*created, *sql.ticket_criteria(user, f)])
    figures.pop(None, None)
    who = names(StaffUser, figures, "full_name")
    rows = sorted(([who.get(i, "—"), *v] for i, v in figures.items()), key=lambda r: str(r[0]))
    return Table("by_agent", _l("Speed per agent"), _speed_columns(_l("Agent")), rows, Chart("bar", (2, 5)),
                 note=_l("First responses count for the agent who answered first; resolutions for the assignee."))


def per_department(user, f: ReportFilters) -> Table:
    created = _created_in_range(f)
    criteria = [*created, *sql.ticket_criteria(user, f)]
    groups = [Ticket.department_id]
    figures = _by_group(groups, groups, criteria, criteria)
    labels = names(Department, figures)
    rows = sorted(([labels.get(i, "—"), *v] for i, v in figures.items()), key=lambda r: str(r[0]))
    return Table("by_department", _l("Speed per department"), _speed_columns(_l("Department")), rows,
                 Chart("bar", (2, 5)))


def _share(met, missed):
    return None if not (met or missed) else 100.0 * met / (met + missed)


def _sla_direct(user, f, now) -> dict:
    fr_due, res_due = Ticket.first_response_due_at, Ticket.resolution_due_at
    met_fr = func.sum(case((Ticket.first_response_at <= fr_due, 1), else_=0))
    missed_fr = func.sum(case((or_(Ticket.first_response_at > fr_due,
                                   and_(Ticket.first_response_at.is_(None), fr_due < now)), 1), else_=0))
    met_res = func.sum(case((Ticket.resolved_at <= res_due, 1), else_=0))
    missed_res = func.sum(case((or_(Ticket.resolved_at > res_due, and_(Ticket.resolved_at.is_(None), res_due < now)),
                                1), else_=0))
    key = sql.period_key(f.period).label("key")
    join, where = sql.rows_in(f, Ticket.created_at)
    query = (select(key, met_fr, missed_fr, met_res, missed_res).select_from(CalendarDay)
             .join(Ticket, join).where(*where, *sql.ticket_criteria(user, f))
             .group_by(key))
    return {sql._key(row[0], f.period): [int(x or 0) for x in row[1:]] for row in db.session.execute(query)}


def _sla_rolled_up(user, f, now, summed) -> dict:
    """Targets reached (in time or late) from the rollup; those not reached yet but past due from the tickets:
    few rows, read through the index of unfinished tickets."""
    figures = rollup.sums_by_period(f, summed, ("first_response_met", "first_response_late", "resolution_met",
                                                "resolution_late"))
    key = sql.period_key(f.period).label("key")
    join, where = sql.rows_in(f, Ticket.created_at)
    waiting = (select(key, func.sum(case((and_(Ticket.first_response_at.is_(None),
                                               Ticket.first_response_due_at < now), 1), else_=0)),
                      func.sum(case((and_(Ticket.resolved_at.is_(None), Ticket.resolution_due_at < now), 1), else_=0)))
               .select_from(CalendarDay).join(Ticket, join)
               .where(*where, UNFINISHED, *sql.ticket_criteria(user, f)).group_by(key))
    for row in db.session.execute(waiting):
        counts = figures.setdefault(sql._key(row[0], f.period), [0, 0, 0, 0])
        counts[1] += int(row[1] or 0)
        counts[3] += int(row[2] or 0)
    return figures


def sla_compliance(user, f: ReportFilters, now=None) -> Table:
    """Per period of opening: targets met and missed; a target not reached yet whose time has passed is missed."""
    now = now or utcnow()
    summed = rollup.criteria(user, f)
    figures = _sla_direct(user, f, now) if summed is None else _sla_rolled_up(user, f, now, summed)
    rows, totals = [], [0, 0, 0, 0]
    for p in sql.periods(f):
        a, b, c, d = figures.get(p.key, [0, 0, 0, 0])
        totals = [totals[0] + a, totals[1] + b, totals[2] + c, totals[3] + d]
        rows.append([period_label(p.key, f.period), a, b, _share(a, b), c, d, _share(c, d)])
    count = len(rows)
    rows.append([_l("Total"), totals[0], totals[1], _share(totals[0], totals[1]),
                 totals[2], totals[3], _share(totals[2], totals[3])])
    return Table("sla", _l("SLA compliance"),
                 [Column(_l("Period"), "text"), Column(_l("First response in time")),
                  Column(_l("First response late")), Column(_l("First response met (%)"), "percent"),
                  Column(_l("Resolved in time")), Column(_l("Resolution late")),
                  Column(_l("Resolution met (%)"), "percent")],
                 rows, Chart("line", (3, 6)), chart_rows=count,
                 note=_l("A ticket still waiting after its due time counts as late."))


def overdue_count(user, f: ReportFilters, now=None) -> int:
    """Tickets whose next due time has passed (any opening date): a count from the queue's index."""
    now = now or utcnow()
    return db.session.scalar(select(func.count()).select_from(Ticket).where(
        Ticket.status.in_(OVERDUE_STATUSES), Ticket.sla_due_at < now, *sql.ticket_criteria(user, f)))


def overdue_now(user, f: ReportFilters, now=None) -> tuple[int, Table]:
    """Tickets whose next due time has passed (any opening date), most overdue first."""
    now = now or utcnow()
    criteria = sql.ticket_criteria(user, f)
    # the most overdue of each status from the (status, due time) index, then the first of those: an index
    # walk that stops after a few rows, where one "status IN (...)" query sorts every overdue ticket
    firsts = [select(Ticket.id, Ticket.sla_due_at).where(Ticket.status == status, Ticket.sla_due_at < now, *criteria)
              .order_by(Ticket.sla_due_at).limit(OVERDUE_LISTED).subquery() for status in OVERDUE_STATUSES]
    merged = union_all(*(select(q.c.id, q.c.sla_due_at) for q in firsts)).subquery()
    chosen = select(merged.c.id).order_by(merged.c.sla_due_at).limit(OVERDUE_LISTED).subquery()
    rows = db.session.execute(
        select(Ticket.number, Ticket.subject, Department.name, StaffUser.full_name, Ticket.sla_due_at)
        .join(chosen, chosen.c.id == Ticket.id)
        .join(Department, Department.id == Ticket.department_id)
        .outerjoin(StaffUser, StaffUser.id == Ticket.assignee_id)
        .order_by(Ticket.sla_due_at, Ticket.id)).all()
    table = Table("overdue", _l("Overdue now"),
                  [Column(_l("Ticket"), "text"), Column(_l("Subject"), "text"), Column(_l("Department"), "text"),
                   Column(_l("Assignee"), "text"), Column(_l("Due"), "datetime")],
                  [list(r) for r in rows])
    return overdue_count(user, f, now), table


def speed(user, f: ReportFilters) -> list[Table]:
    return [per_period(user, f), per_agent(user, f), per_department(user, f), sla_compliance(user, f)]
