"""Repeating NPS surveys: an admin stores who is asked and when (every K days, or on a Jalali day of each
month, at PORTAL_NPS_SURVEY_HOUR local time); the worker runs each due time once across all workers.

A due schedule is claimed by moving its next due time with a conditional UPDATE in the same transaction that
writes the invitations: a second worker's UPDATE finds the due time already moved and does nothing, and a run
that fails rolls the claim back, so the due time is tried again on the next pass."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import jdatetime
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from ..extensions import db
from ..models_base import utcnow
from .models import NpsSchedule, NpsSurvey
from .surveys import AUDIENCES, SurveyError, run_survey


def _tz():
    from ..tickets.services import sla

    return sla.calendar().tz


def _at_send_hour(day: date) -> datetime:
    local = datetime.combine(day, time(current_app.config["PORTAL_NPS_SURVEY_HOUR"]), tzinfo=_tz())
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def _jalali_day_in(year: int, month: int, wanted: int) -> date:
    """The Gregorian date of the wanted day of a Jalali month, or of its last day when the month is shorter."""
    for day in range(wanted, 0, -1):
        try:
            return jdatetime.date(year, month, day).togregorian()
        except ValueError:
            continue
    raise ValueError(wanted)


def next_due(schedule: NpsSchedule, after: datetime, previous: datetime | None = None) -> datetime:
    """The first due time later than `after`: K days after the previous one (missed ones collapse into one),
    or the next Jalali month day; the first of an "every K days" schedule is the next send hour."""
    if schedule.every_days:
        step = timedelta(days=schedule.every_days)
        if previous is None:
            local_day = after.replace(tzinfo=timezone.utc).astimezone(_tz()).date()
            candidate = _at_send_hour(local_day)
            return candidate if candidate > after else _at_send_hour(local_day + timedelta(days=1))
        candidate = previous + step
        while candidate <= after:
            candidate += step
        return candidate
    jtoday = jdatetime.date.fromgregorian(date=after.replace(tzinfo=timezone.utc).astimezone(_tz()).date())
    year, month = jtoday.year, jtoday.month
    while True:
        candidate = _at_send_hour(_jalali_day_in(year, month, schedule.jalali_day))
        if candidate > after:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _check(audience, resolved_days, gap_days, every_days, jalali_day) -> None:
    if audience not in AUDIENCES:
        raise SurveyError(_l("Choose who is asked."))
    if audience == "resolved" and not resolved_days:
        raise SurveyError(_l("Say within how many days the ticket was resolved."))
    if not gap_days or gap_days < 1:
        raise SurveyError(_l("Ask a customer at most once in one day or more."))
    if bool(every_days) == bool(jalali_day):
        raise SurveyError(_l("Choose either every how many days or a day of each Jalali month."))
    if jalali_day and not 1 <= jalali_day <= 31:
        raise SurveyError(_l("A day of the Jalali month is from 1 to 31."))


def save(schedule: NpsSchedule | None, *, audience: str, resolved_days: int | None, gap_days: int,
         every_days: int | None = None, jalali_day: int | None = None, actor=None,
         now: datetime | None = None) -> NpsSchedule:
    """Create a schedule, or change one; its next due time is worked out afresh from now."""
    now = now or utcnow()
    _check(audience, resolved_days, gap_days, every_days, jalali_day)
    if schedule is None:
        schedule = NpsSchedule(created_by_id=getattr(actor, "id", None), created_at=now, paused=False)
        db.session.add(schedule)
    schedule.audience = audience
    schedule.resolved_days = resolved_days if audience == "resolved" else None
    schedule.gap_days = gap_days
    schedule.every_days = every_days or None
    schedule.jalali_day = jalali_day or None
    schedule.next_run_at = next_due(schedule, now)
    schedule.updated_at = now
    db.session.commit()
    return schedule


def set_paused(schedule: NpsSchedule, paused: bool, now: datetime | None = None) -> None:
    """Pause, or resume from the next due time after now (what was missed while paused is not sent)."""
    now = now or utcnow()
    schedule.paused = paused
    if not paused:
        schedule.next_run_at = next_due(schedule, now)
    schedule.updated_at = now
    db.session.commit()


def delete(schedule: NpsSchedule) -> None:
    """The surveys it sent stay, as if sent by hand."""
    db.session.execute(update(NpsSurvey).where(NpsSurvey.schedule_id == schedule.id).values(schedule_id=None))
    db.session.delete(schedule)
    db.session.commit()


def listed() -> list[NpsSchedule]:
    return list(db.session.scalars(select(NpsSchedule).order_by(NpsSchedule.paused, NpsSchedule.next_run_at,
                                                                 NpsSchedule.id)))


def get(schedule_id: int) -> NpsSchedule | None:
    return db.session.get(NpsSchedule, schedule_id)


def run_due(now: datetime | None = None) -> str:
    """The worker job: run every schedule whose due time has come, each once."""
    now = now or utcnow()
    due = db.session.execute(select(NpsSchedule.id, NpsSchedule.next_run_at)
                             .where(NpsSchedule.paused.is_(False), NpsSchedule.next_run_at <= now)
                             .order_by(NpsSchedule.next_run_at, NpsSchedule.id)).all()
    db.session.rollback()
    ran, invited = 0, 0
    for schedule_id, due_at in due:
        schedule = db.session.get(NpsSchedule, schedule_id)
        following = next_due(schedule, now, previous=due_at)
        claimed = db.session.execute(
            update(NpsSchedule).where(NpsSchedule.id == schedule_id, NpsSchedule.next_run_at == due_at,
                                      NpsSchedule.paused.is_(False))
            .values(next_run_at=following, last_run_at=now).execution_options(synchronize_session=False))
        if claimed.rowcount != 1:  # another worker ran it, or an admin changed it meanwhile
            db.session.rollback()
            continue
        survey = run_survey(schedule.audience, resolved_days=schedule.resolved_days, gap_days=schedule.gap_days,
                            now=now, schedule_id=schedule_id)  # commits the claim with the invitations
        ran, invited = ran + 1, invited + survey.invited
    return f"{ran} schedules run, {invited} customers invited"
