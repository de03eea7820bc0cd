"""The calendar table: local days in Tehran with their UTC bounds, Jalali parts and business-day flags."""
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from portal.reports import calendar
from portal.reports.models import CalendarDay


def _day(db, day):
    return db.session.get(CalendarDay, day)


@pytest.mark.app_config(PORTAL_HOLIDAYS=("2026-12-05",))
def test_a_day_has_its_tehran_bounds_jalali_parts_and_business_flag(db):
    calendar.fill(date(2026, 11, 27), date(2026, 12, 6))
    tuesday = _day(db, date(2026, 12, 1))
    assert (tuesday.starts_at, tuesday.ends_at) == (datetime(2026, 11, 30, 20, 30), datetime(2026, 12, 1, 20, 30))
    assert (tuesday.jalali_year, tuesday.jalali_month, tuesday.jalali_day) == (1405, 9, 10)
    assert tuesday.week_start == date(2026, 11, 28) and tuesday.weekday == 3
    flags = {d.day.day: d.is_business_day for d in db.session.scalars(select(CalendarDay))}
    # Thursday 3rd and Friday 4th are the weekend, Saturday 5th a holiday
    assert flags == {27: False, 28: True, 29: True, 30: True, 1: True, 2: True, 3: False, 4: False, 5: False, 6: True}


def test_jalali_weeks_count_from_the_first_saturday_of_the_year(db):
    calendar.fill(date(2026, 3, 20), date(2026, 3, 29))  # Nowruz 1405 fell on Saturday 21 March 2026
    assert _day(db, date(2026, 3, 20)).jalali_year == 1404
    assert [_day(db, date(2026, 3, d)).jalali_week for d in (21, 27, 28)] == [1, 1, 2]


def test_filling_again_rewrites_the_flags(app, db):
    calendar.fill(date(2026, 12, 5), date(2026, 12, 5))
    assert _day(db, date(2026, 12, 5)).is_business_day
    app.config["PORTAL_HOLIDAYS"] = ("2026-12-05",)
    calendar.fill(date(2026, 12, 5), date(2026, 12, 5))
    db.session.expire_all()
    assert not _day(db, date(2026, 12, 5)).is_business_day
    assert db.session.scalar(select(func.count()).select_from(CalendarDay)) == 1


def test_calendar_fill_command(app, db):
    result = app.test_cli_runner().invoke(args=["calendar-fill", "--years", "1", "--years-back", "0"])
    assert result.exit_code == 0, result.output
    low, high = db.session.execute(select(func.min(CalendarDay.day), func.max(CalendarDay.day))).one()
    today = calendar.local_today(__import__("portal.tickets.services.sla", fromlist=["x"]).calendar())
    assert low == today.replace(day=1) and high == date(today.year + 1, 12, 31)
    assert f"{(high - low).days + 1} days" in result.output


def test_a_report_fills_what_the_table_lacks(db):
    calendar.ensure_covers(date(2019, 1, 1), date(2019, 1, 3))
    assert _day(db, date(2019, 1, 2)) is not None
    assert db.session.scalar(select(func.max(CalendarDay.day))) >= date(2029, 12, 31)
