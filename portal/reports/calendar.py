"""Filling the calendar table: local days with their UTC bounds, Jalali parts and business-day flag.

The business calendar (days, holidays, time zone) is the one the SLA uses (tickets/services/sla.py);
after PORTAL_HOLIDAYS or PORTAL_BUSINESS_DAYS change, `flask --app portal calendar-fill` rewrites the flags.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import jdatetime
from sqlalchemy import func, select

from ..extensions import db
from ..models_base import utcnow
from ..tickets.services.sla import BusinessCalendar
from .models import CalendarDay

DEFAULT_YEARS_BACK = 2
DEFAULT_YEARS_AHEAD = 3


def day_row(day: date, cal: BusinessCalendar) -> dict:
    """One calendar row for a local day; pure, so the migration and the command write the same rows."""
    starts = datetime.combine(day, time(0), tzinfo=cal.tz).astimezone(timezone.utc).replace(tzinfo=None)
    ends = datetime.combine(day + timedelta(days=1), time(0), tzinfo=cal.tz).astimezone(timezone.utc).replace(tzinfo=None)
    jday = jdatetime.date.fromgregorian(date=day)
    weekday = jday.weekday()  # jdatetime counts from Saturday
    first_of_year = jdatetime.date(jday.year, 1, 1)
    week = (jday.yday() - 1 + first_of_year.weekday()) // 7 + 1
    return {"day": day, "starts_at": starts, "ends_at": ends, "jalali_year": jday.year, "jalali_month": jday.month,
            "jalali_day": jday.day, "jalali_week": week, "week_start": day - timedelta(days=weekday),
            "weekday": weekday, "is_business_day": cal.is_working_day(day)}


def local_today(cal: BusinessCalendar, now: datetime | None = None) -> date:
    return (now or utcnow()).replace(tzinfo=timezone.utc).astimezone(cal.tz).date()


def fill(start: date, end: date, cal: BusinessCalendar | None = None) -> int:
    """Write the rows from start to end inclusive (existing rows are rewritten); returns how many; commits."""
    from ..tickets.services import sla

    cal = cal or sla.calendar()
    existing = set(db.session.scalars(select(CalendarDay.day).where(CalendarDay.day.between(start, end))))
    count = 0
    day = start
    while day <= end:
        row = day_row(day, cal)
        if day in existing:
            db.session.execute(CalendarDay.__table__.update().where(CalendarDay.day == day).values(**row))
        else:
            db.session.add(CalendarDay(**row))
        count += 1
        day += timedelta(days=1)
    db.session.commit()
    return count


def fill_years(years_ahead: int, years_back: int = DEFAULT_YEARS_BACK, cal: BusinessCalendar | None = None) -> tuple:
    """From years_back before today (or the first ticket, if older) to years_ahead after; (start, end, rows)."""
    from ..tickets.models import Ticket
    from ..tickets.services import sla

    cal = cal or sla.calendar()
    today = local_today(cal)
    start = today.replace(year=today.year - years_back, day=1)
    first_ticket = db.session.scalar(select(func.min(Ticket.created_at)))
    if first_ticket is not None:
        start = min(start, local_today(cal, first_ticket) - timedelta(days=1))
    end = date(today.year + years_ahead, 12, 31)
    return start, end, fill(start, end, cal)


def ensure_covers(start: date, end: date) -> None:
    """A fresh install or a long-running one: fill what a report asks for when the table does not reach it."""
    low, high = db.session.execute(select(func.min(CalendarDay.day), func.max(CalendarDay.day))).one()
    if low is None:
        fill_years(DEFAULT_YEARS_AHEAD)
        low, high = db.session.execute(select(func.min(CalendarDay.day), func.max(CalendarDay.day))).one()
    if start < low:
        fill(start, low - timedelta(days=1))
    if end > high:
        fill(high + timedelta(days=1), end)
