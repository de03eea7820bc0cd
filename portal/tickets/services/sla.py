"""Service levels: due times in business hours, pure functions apart from reading the config.

Times in and out are naive UTC, as stored; the business calendar (days, hours, holidays) is local time
in PORTAL_TIMEZONE. A ticket opened Wednesday 16:30 with a 4-business-hour target is due Saturday 11:30.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


@dataclass(frozen=True)
class BusinessCalendar:
    days: frozenset[int] = frozenset({5, 6, 0, 1, 2})  # Saturday to Wednesday (date.weekday() numbers)
    opens: time = time(8, 0)
    closes: time = time(17, 0)
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Tehran"))
    holidays: frozenset[date] = frozenset()

    def __post_init__(self):
        if not self.days:
            raise ValueError("a business calendar needs at least one working day")
        if self.closes <= self.opens:
            raise ValueError("business hours must close after they open")

    @classmethod
    def from_config(cls, config) -> "BusinessCalendar":
        opens, closes = (time.fromisoformat(part.strip()) for part in config["PORTAL_BUSINESS_HOURS"].split("-"))
        return cls(days=frozenset(WEEKDAYS[d[:3].lower()] for d in config["PORTAL_BUSINESS_DAYS"]),
                   opens=opens, closes=closes, tz=ZoneInfo(config["PORTAL_TIMEZONE"]),
                   holidays=frozenset(date.fromisoformat(d) for d in config["PORTAL_HOLIDAYS"]))

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.days and day not in self.holidays

    def window(self, day: date) -> tuple[datetime, datetime]:
        """The day's opening hours as aware local datetimes."""
        return (datetime.combine(day, self.opens, tzinfo=self.tz), datetime.combine(day, self.closes, tzinfo=self.tz))

    @property
    def minutes_per_day(self) -> int:
        return (datetime.combine(date.min, self.closes) - datetime.combine(date.min, self.opens)).seconds // 60


def _to_local(moment: datetime, cal: BusinessCalendar) -> datetime:
    return moment.replace(tzinfo=timezone.utc).astimezone(cal.tz)


def _to_utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def add_business_minutes(start: datetime, minutes: int, cal: BusinessCalendar) -> datetime:
    """The moment `minutes` of business time after `start` (naive UTC in, naive UTC out)."""
    if minutes < 0:
        raise ValueError("minutes must not be negative")
    local = _to_local(start, cal)
    day = local.date()
    remaining = timedelta(minutes=minutes)
    for _ in range(3700):  # ten years of days: a guard against a calendar with no working time
        if cal.is_working_day(day):
            opens, closes = cal.window(day)
            begin = max(local, opens)
            if begin < closes:
                if remaining <= closes - begin:
                    return _to_utc(begin + remaining)
                remaining -= closes - begin
        day += timedelta(days=1)
        local = datetime.combine(day, time(0), tzinfo=cal.tz)
    raise ValueError("the business calendar has no working hours")


def business_minutes_between(start: datetime, end: datetime, cal: BusinessCalendar) -> int:
    """Business minutes from start to end (naive UTC); 0 when end is not after start."""
    if end <= start:
        return 0
    first, last = _to_local(start, cal), _to_local(end, cal)
    total = timedelta()
    day = first.date()
    while day <= last.date():
        if cal.is_working_day(day):
            opens, closes = cal.window(day)
            begin, finish = max(first, opens), min(last, closes)
            if finish > begin:
                total += finish - begin
        day += timedelta(days=1)
    return int(total.total_seconds() // 60)


@dataclass(frozen=True)
class Targets:
    first_response_hours: float
    resolution_hours: float


def targets_for(priority: str, category_targets: dict | None, default_targets: dict) -> Targets:
    """The help topic's own targets for this priority if it has them, else the portal's."""
    chosen = (category_targets or {}).get(priority) or default_targets.get(priority) or default_targets["normal"]
    return Targets(float(chosen[0]), float(chosen[1]))


def due_times(opened_at: datetime, targets: Targets, cal: BusinessCalendar) -> tuple[datetime, datetime]:
    """(first response due, resolution due) for a ticket opened at opened_at."""
    return (add_business_minutes(opened_at, round(targets.first_response_hours * 60), cal),
            add_business_minutes(opened_at, round(targets.resolution_hours * 60), cal))


def next_due(*, status: str, first_response_at, first_response_due_at, resolution_due_at):
    """What we owe next (Ticket.sla_due_at): the first answer until it is given, then the resolution."""
    if status in ("resolved", "closed"):
        return None
    return first_response_due_at if first_response_at is None else resolution_due_at


# --- the app's calendar and targets ------------------------------------------------------------

def calendar() -> BusinessCalendar:
    from flask import current_app

    return BusinessCalendar.from_config(current_app.config)


def ticket_targets(priority: str, category) -> Targets:
    from flask import current_app

    return targets_for(priority, getattr(category, "sla_targets", None), current_app.config["PORTAL_SLA_TARGETS"])
