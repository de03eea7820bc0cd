"""The weekly summary e-mail: last Jalali week's figures for each staff member who asked for it (opt-in),
through the outbox. `flask --app portal report-summary` (or the worker) calls send_weekly_summaries()."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from .. import notify, security
from ..accounts.models import StaffUser
from ..extensions import db
from ..models_base import utcnow
from ..tickets.links import absolute_url
from ..tickets.models import Feedback, Ticket
from . import sql
from .calendar import local_today
from .filters import ReportFilters
from .models import SummarySubscription
from .satisfaction import nps_per_period
from .speed import FR, RES, overdue_now, sla_compliance

RESEND_AFTER = timedelta(days=6)  # a weekly run that starts a little early still sends


@dataclass
class WeeklyFigures:
    start: object
    end: object
    created: int
    resolved: int
    overdue: int
    first_response_median: int | None  # business seconds
    resolution_median: int | None
    first_response_met: float | None  # percent
    csat: float | None
    ratings: int
    nps: float | None


def last_week(today) -> ReportFilters:
    """The Jalali week (Saturday to Friday) before the one containing today."""
    import jdatetime

    saturday = today - timedelta(days=jdatetime.date.fromgregorian(date=today).weekday()) - timedelta(days=7)
    return ReportFilters(start=saturday, end=saturday + timedelta(days=6), period="week")


def weekly_figures(user, f: ReportFilters) -> WeeklyFigures:
    """The headline figures of the range, over the tickets the person may see; all aggregates in SQL."""
    start, end = sql.utc_bounds(f)
    criteria = sql.ticket_criteria(user, f)
    count = lambda *where: db.session.scalar(select(func.count()).select_from(Ticket).where(*where, *criteria))  # noqa: E731
    created = count(Ticket.created_at >= start, Ticket.created_at < end)
    resolved = count(Ticket.resolved_at >= start, Ticket.resolved_at < end)
    in_range = [Ticket.created_at >= start, Ticket.created_at < end, *criteria]
    medians = []
    for value in (FR, RES):
        row = sql.percentile_rows(value, [], criteria=in_range).first()
        medians.append(row[1] if row and row[0] else None)
    sla = sla_compliance(user, f).rows[-1]
    ratings, csat = db.session.execute(
        select(func.count(Feedback.id), func.avg(Feedback.score)).join(Ticket, Ticket.id == Feedback.ticket_id)
        .where(Feedback.created_at >= start, Feedback.created_at < end, *criteria)).one()
    return WeeklyFigures(start=f.start, end=f.end, created=created, resolved=resolved,
                         overdue=overdue_now(user, f)[0], first_response_median=medians[0],
                         resolution_median=medians[1], first_response_met=sla[3],
                         csat=float(csat) if csat is not None else None, ratings=ratings,
                         nps=nps_per_period(f).rows[-1][5])


def subscribe(staff, wanted: bool) -> None:
    existing = db.session.get(SummarySubscription, staff.id)
    if wanted and existing is None:
        db.session.add(SummarySubscription(staff_id=staff.id))
    elif not wanted and existing is not None:
        db.session.delete(existing)
    db.session.commit()


def is_subscribed(staff) -> bool:
    return db.session.get(SummarySubscription, staff.id) is not None


def send_weekly_summaries(now: datetime | None = None) -> int:
    """One summary per subscribed, active staff member who may still read reports and had none this week."""
    from ..tickets.services import sla as sla_calendar

    now = now or utcnow()
    f = last_week(local_today(sla_calendar.calendar(), now))
    due = db.session.execute(
        select(SummarySubscription, StaffUser).join(StaffUser, StaffUser.id == SummarySubscription.staff_id)
        .where(StaffUser.active.is_(True))
        .where((SummarySubscription.last_sent_at.is_(None)) | (SummarySubscription.last_sent_at < now - RESEND_AFTER))
        .order_by(StaffUser.id)).all()
    sent = 0
    for subscription, staff in due:
        if not security.can(staff, "reports.view"):
            continue
        figures = weekly_figures(staff, f)
        notify.notify_staff(staff, "report_weekly_summary", figures=figures,
                            link=absolute_url("reports.index", **f.args()))
        subscription.last_sent_at = now
        sent += 1
    db.session.commit()
    return sent
