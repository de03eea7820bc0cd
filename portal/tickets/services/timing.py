"""First response and resolution, stored on the ticket when they happen with their business-hours durations,
so reports read columns instead of recomputing from messages. The calendar is the SLA's (sla.py)."""
from __future__ import annotations

from datetime import datetime, timedelta

from . import sla


def business_seconds_between(start: datetime, end: datetime, cal: sla.BusinessCalendar) -> int:
    """Business seconds from start to end (naive UTC), counted in the calendar's days, hours and holidays."""
    if start is None or end is None or end <= start:
        return 0
    first, last = sla._to_local(start, cal), sla._to_local(end, cal)
    total = timedelta()
    day = first.date()
    while day <= last.date():
        if cal.is_working_day(day):
            opens, closes = cal.window(day)
            begin, finish = max(first, opens), min(last, closes)
            if finish > begin:
                total += finish - begin
        day += timedelta(days=1)
    return int(total.total_seconds())


def first_response(ticket, agent, now: datetime, cal: sla.BusinessCalendar | None = None) -> None:
    """The agent's public reply: the ticket's first response, unless it already has one."""
    if ticket.first_response_at is not None:
        return
    ticket.first_response_at = now
    ticket.first_responder_id = getattr(agent, "id", None)
    ticket.first_response_business_seconds = business_seconds_between(ticket.created_at or now, now,
                                                                       cal or sla.calendar())


def resolution(ticket, cal: sla.BusinessCalendar | None = None) -> None:
    """Follow resolved_at: its business duration from opening, or nothing once the ticket is reopened."""
    if ticket.resolved_at is None:
        ticket.resolution_business_seconds = None
    elif ticket.resolution_business_seconds is None:
        ticket.resolution_business_seconds = business_seconds_between(ticket.created_at or ticket.resolved_at,
                                                                       ticket.resolved_at, cal or sla.calendar())


__all__ = ["business_seconds_between", "first_response", "resolution"]
