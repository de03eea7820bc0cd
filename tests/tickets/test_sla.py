"""SLA due times in business hours: pure functions over a calendar (Saturday-Wednesday, 08:00-17:00, Tehran)."""
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings, strategies as st

from portal.tickets.services.sla import (BusinessCalendar, Targets, add_business_minutes, business_minutes_between,
                                         due_times, next_due, targets_for)

TEHRAN = ZoneInfo("Asia/Tehran")
CAL = BusinessCalendar()


def utc(y, m, d, hh, mm=0):
    """A Tehran wall-clock time as the naive UTC the database stores."""
    return datetime(y, m, d, hh, mm, tzinfo=TEHRAN).astimezone(timezone.utc).replace(tzinfo=None)


# 2026-11-25 is a Wednesday; Thursday 26 and Friday 27 are the weekend; Saturday is the 28th.
WED, THU, FRI, SAT, SUN = 25, 26, 27, 28, 29


def test_wednesday_afternoon_plus_four_hours_is_saturday_morning():
    assert add_business_minutes(utc(2026, 11, WED, 16, 30), 4 * 60, CAL) == utc(2026, 11, SAT, 11, 30)


@pytest.mark.parametrize("start, minutes, due", [
    (utc(2026, 11, SAT, 9), 60, utc(2026, 11, SAT, 10)),  # inside the day
    (utc(2026, 11, SAT, 6), 60, utc(2026, 11, SAT, 9)),  # before opening: the clock starts at 08:00
    (utc(2026, 11, SAT, 20), 60, utc(2026, 11, SUN, 9)),  # after closing: the next morning
    (utc(2026, 11, THU, 10), 30, utc(2026, 11, SAT, 8, 30)),  # opened on the weekend
    (utc(2026, 11, FRI, 23, 59), 9 * 60, utc(2026, 11, SAT, 17)),  # a whole working day
    (utc(2026, 11, SAT, 16), 60, utc(2026, 11, SAT, 17)),  # ends exactly at closing time
    (utc(2026, 11, SAT, 17), 1, utc(2026, 11, SUN, 8, 1)),  # closing time is already after hours
    (utc(2026, 11, SAT, 8), 5 * 9 * 60, utc(2026, 12, 2, 17)),  # a working week: Saturday to Wednesday
    (utc(2026, 11, SAT, 8), 5 * 9 * 60 + 1, utc(2026, 12, 5, 8, 1)),  # one minute more: the next Saturday
    (utc(2026, 11, SAT, 9), 0, utc(2026, 11, SAT, 9)),
])
def test_business_minutes_are_added_in_working_hours_only(start, minutes, due):
    assert add_business_minutes(start, minutes, CAL) == due


def test_holidays_are_skipped():
    nowruz = BusinessCalendar(holidays=frozenset({date(2026, 11, SAT)}))
    assert add_business_minutes(utc(2026, 11, WED, 16, 30), 4 * 60, nowruz) == utc(2026, 11, SUN, 11, 30)


def test_calendar_from_config_reads_days_hours_zone_and_holidays():
    cal = BusinessCalendar.from_config({"PORTAL_BUSINESS_DAYS": ("Saturday", "sun", "MON"),
                                        "PORTAL_BUSINESS_HOURS": "09:00 - 13:30", "PORTAL_TIMEZONE": "Asia/Tehran",
                                        "PORTAL_HOLIDAYS": ("2026-11-29",)})
    assert cal.days == {5, 6, 0} and cal.opens == time(9) and cal.closes == time(13, 30)
    assert cal.minutes_per_day == 270
    # Saturday 13:00 + 60 minutes: 30 on Saturday, Sunday is a holiday, 30 on Monday from 09:00.
    assert add_business_minutes(utc(2026, 11, SAT, 13), 60, cal) == utc(2026, 11, 30, 9, 30)


def test_a_calendar_without_working_time_is_refused():
    with pytest.raises(ValueError):
        BusinessCalendar(days=frozenset())
    with pytest.raises(ValueError):
        BusinessCalendar(opens=time(17), closes=time(8))


def test_business_minutes_between_counts_only_working_time():
    assert business_minutes_between(utc(2026, 11, WED, 16, 30), utc(2026, 11, SAT, 11, 30), CAL) == 240
    assert business_minutes_between(utc(2026, 11, THU, 8), utc(2026, 11, FRI, 20), CAL) == 0
    assert business_minutes_between(utc(2026, 11, SAT, 12), utc(2026, 11, SAT, 9), CAL) == 0


@settings(max_examples=200, deadline=None)
@given(start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 1, 1)),
       minutes=st.integers(min_value=0, max_value=20 * 9 * 60))
def test_adding_then_measuring_gives_the_minutes_back(start, minutes):
    start = start.replace(second=0, microsecond=0)
    due = add_business_minutes(start, minutes, CAL)
    assert due >= start
    assert business_minutes_between(start, due, CAL) == minutes
    local = due.replace(tzinfo=timezone.utc).astimezone(TEHRAN)
    if minutes:
        assert local.weekday() in CAL.days and time(8) < local.time() <= time(17)


def test_targets_come_from_the_topic_first_then_the_portal():
    defaults = {"urgent": [1, 4], "normal": [4, 27]}
    assert targets_for("urgent", None, defaults) == Targets(1, 4)
    assert targets_for("urgent", {"urgent": [0.5, 2]}, defaults) == Targets(0.5, 2)
    assert targets_for("normal", {"urgent": [0.5, 2]}, defaults) == Targets(4, 27)
    assert targets_for("low", None, defaults) == Targets(4, 27)  # a priority without targets: normal's


def test_due_times_and_what_is_owed_next():
    first, resolution = due_times(utc(2026, 11, WED, 16, 30), Targets(4, 9), CAL)
    assert first == utc(2026, 11, SAT, 11, 30) and resolution == utc(2026, 11, SAT, 16, 30)
    kwargs = {"first_response_due_at": first, "resolution_due_at": resolution}
    assert next_due(status="new", first_response_at=None, **kwargs) == first
    assert next_due(status="open", first_response_at=first - timedelta(hours=1), **kwargs) == resolution
    assert next_due(status="resolved", first_response_at=None, **kwargs) is None
