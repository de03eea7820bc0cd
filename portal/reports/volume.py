"""Volume: tickets created per period, by channel, help topic and department; resolved; the backlog."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..accounts.models import Department
from ..extensions import db
from ..tickets.labels import CHANNEL_LABELS
from ..tickets.models import Category, Ticket
from . import rollup, sql
from .filters import ReportFilters
from .tables import Chart, Column, Table, period_label

BREAKDOWNS = {"channel": _l("Channel"), "topic": _l("Help topic"), "department": _l("Department")}


def _names(model, ids) -> dict:
    if not ids:
        return {}
    return dict(db.session.execute(select(model.id, model.name).where(model.id.in_(ids))).all())


def _label_for(kind, values) -> dict:
    if kind == "channel":
        return {v: CHANNEL_LABELS.get(v, v) for v in values}
    names = _names(Category if kind == "topic" else Department, [v for v in values if v is not None])
    return {v: names.get(v, _l("No topic")) for v in values}


DIMENSIONS = {"channel": Ticket.channel, "topic": Ticket.category_id, "department": Ticket.department_id}
DIMENSIONS_ROLLUP = ("channel", "category_id", "department_id")  # the same, in the same order, on the rollup


def _counts(user, f):
    """({(period, *dimensions): created}, {period: resolved}, backlog before the range): from the rollup
    when it can answer, else straight from the tickets."""
    summed = rollup.criteria(user, f)
    if summed is not None:
        rows = rollup.sums_by_period(f, summed, ("created", "resolved"), groups=tuple(DIMENSIONS_ROLLUP))
        by_all, resolved = {}, {}
        for (key, *dims), (created, closed) in rows.items():
            if created:
                by_all[(key, *dims)] = created
            resolved[key] = resolved.get(key, 0) + closed
        opened, closed = rollup.sums_before(f.start, summed, ("created", "resolved"))
        return by_all, resolved, opened - closed
    criteria = sql.ticket_criteria(user, f)
    # one pass over the range's tickets, by period and every dimension; the sums are taken here
    by_all = sql.counted_by_period(f, Ticket.created_at, criteria, extra_groups=tuple(DIMENSIONS.values()))
    return by_all, sql.counted_by_period(f, Ticket.resolved_at, criteria), _backlog_before(f, criteria)


def volume(user, f: ReportFilters) -> list[Table]:
    periods = sql.periods(f)
    by_all, resolved, backlog = _counts(user, f)
    created = {}
    for (key, *_dims), n in by_all.items():
        created[key] = created.get(key, 0) + n
    rows = []
    for p in periods:
        backlog += created.get(p.key, 0) - resolved.get(p.key, 0)
        rows.append([period_label(p.key, f.period), created.get(p.key, 0), resolved.get(p.key, 0), backlog])
    tables = [Table("created", _l("Created and resolved"),
                    [Column(_l("Period"), "text"), Column(_l("Created")), Column(_l("Resolved")),
                     Column(_l("Open at the end of the period"))],
                    rows, Chart("bar", (1, 2)),
                    note=_l("The backlog is every ticket opened and not yet resolved at the end of each period."))]
    for position, (kind, title) in enumerate(BREAKDOWNS.items()):
        counts = {}
        for (key, *dims), n in by_all.items():
            counts[(key, dims[position])] = counts.get((key, dims[position]), 0) + n
        tables.append(_breakdown(f, counts, periods, kind, title))
    return tables


def _backlog_before(f, criteria) -> int:
    """Tickets open at the start of the range: opened before it and not resolved before it."""
    start, _end = sql.utc_bounds(f)
    opened = db.session.scalar(select(func.count()).select_from(Ticket).where(Ticket.created_at < start, *criteria))
    closed = db.session.scalar(select(func.count()).select_from(Ticket).where(Ticket.resolved_at < start, *criteria))
    return opened - closed


def _breakdown(f, counts, periods, kind, title) -> Table:
    """Created per period, one column per channel (topic, department), largest first; a stacked chart."""
    totals = {}
    for (_key, value), n in counts.items():
        totals[value] = totals.get(value, 0) + n
    values = sorted(totals, key=lambda v: (-totals[v], str(v)))
    labels = _label_for(kind, values)
    rows = [[period_label(p.key, f.period), *(counts.get((p.key, v), 0) for v in values)] for p in periods]
    rows.append([_l("Total"), *(totals[v] for v in values)])
    return Table(f"by_{kind}", _l("Created by %(what)s", what=title),
                 [Column(_l("Period"), "text"), *(Column(labels[v]) for v in values)], rows,
                 Chart("bar", tuple(range(1, len(values) + 1)), stacked=True) if values else None,
                 chart_rows=len(periods))
