"""Customers over their life: new customers per period, support contracts about to end, customers whose
tickets keep coming back. Only the customers (and tickets) the reader may see."""
from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..accounts.models import Customer
from ..customers.access import visible_customers
from ..customers.models import SupportContract
from ..extensions import db
from ..tickets.models import Ticket
from . import sql
from .calendar import local_today
from .filters import ReportFilters
from .models import CalendarDay
from .tables import Chart, Column, Table, period_label

EXPIRING_DAYS = 30
REPEATED_MIN = 3
LISTED = 50


def _visible(user) -> list:
    query = visible_customers(user)
    if query.whereclause is None:
        return []
    return [Customer.id.in_(query.with_only_columns(Customer.id))]


def new_customers(user, f: ReportFilters) -> Table:
    key = sql.period_key(f.period).label("key")
    join, where = sql.rows_in(f, Customer.created_at)
    query = (select(key, func.count(Customer.id)).select_from(CalendarDay).join(Customer, join)
             .where(*where, *_visible(user)).group_by(key))
    counts = {sql._key(k, f.period): n for k, n in db.session.execute(query)}
    periods = sql.periods(f)
    rows = [[period_label(p.key, f.period), counts.get(p.key, 0)] for p in periods]
    rows.append([_l("Total"), sum(counts.values())])
    return Table("new", _l("New customers"), [Column(_l("Period"), "text"), Column(_l("New customers"))], rows,
                 Chart("bar", (1,)), chart_rows=len(periods))


def expiring(user, today=None) -> Table:
    from ..tickets.services import sla

    today = today or local_today(sla.calendar())
    rows = db.session.execute(
        select(Customer.number, Customer.full_name, SupportContract.title, SupportContract.ends_on)
        .join(SupportContract, SupportContract.customer_id == Customer.id)
        .where(SupportContract.ends_on.between(today, today + timedelta(days=EXPIRING_DAYS)), *_visible(user))
        .order_by(SupportContract.ends_on, Customer.full_name).limit(LISTED)).all()
    return Table("expiring", _l("Support ending within %(days)s days", days=EXPIRING_DAYS),
                 [Column(_l("Customer number"), "text"), Column(_l("Customer"), "text"), Column(_l("Plan"), "text"),
                  Column(_l("Ends on"), "date")], [list(r) for r in rows])


def repeated(user, f: ReportFilters) -> Table:
    start, end = sql.utc_bounds(f)
    count = func.count().label("n")
    # counted per customer id first (from an index of opening time and customer), named afterwards
    counted = (select(Ticket.customer_id, count)
               .where(Ticket.created_at >= start, Ticket.created_at < end, *sql.ticket_criteria(user, f))
               .group_by(Ticket.customer_id).having(count >= REPEATED_MIN).subquery())
    rows = db.session.execute(
        select(Customer.number, Customer.full_name, counted.c.n).join(counted, counted.c.customer_id == Customer.id)
        .order_by(counted.c.n.desc(), Customer.full_name, Customer.id).limit(LISTED)).all()
    return Table("repeated", _l("Customers with %(count)s or more tickets in the range", count=REPEATED_MIN),
                 [Column(_l("Customer number"), "text"), Column(_l("Customer"), "text"), Column(_l("Tickets"))],
                 [list(r) for r in rows])


def customers(user, f: ReportFilters) -> list[Table]:
    return [new_customers(user, f), expiring(user), repeated(user, f)]
