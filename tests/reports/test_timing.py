"""First response and resolution stored on the ticket when they happen, in business seconds."""
from datetime import datetime

import pytest

from portal.tickets import services
from portal.tickets.services import sla
from portal.tickets.services.timing import business_seconds_between
from tests.reports.conftest import tehran

CAL = sla.BusinessCalendar()  # Saturday to Wednesday, 08:00-17:00 Tehran


def test_business_seconds_skip_the_weekend_and_holidays():
    wednesday_4pm, sunday_9am = tehran(2026, 12, 2, 16, 0), tehran(2026, 12, 6, 9, 0)
    # Wednesday 16-17, Saturday 8-17, Sunday 8-9
    assert business_seconds_between(wednesday_4pm, sunday_9am, CAL) == 11 * 3600
    with_holiday = sla.BusinessCalendar(holidays=frozenset({datetime(2026, 12, 5).date()}))
    assert business_seconds_between(wednesday_4pm, sunday_9am, with_holiday) == 2 * 3600
    assert business_seconds_between(tehran(2026, 12, 3, 10, 0), tehran(2026, 12, 4, 12, 0), CAL) == 0  # weekend
    assert business_seconds_between(tehran(2026, 12, 1, 7, 0), tehran(2026, 12, 1, 8, 0, 30), CAL) == 30
    assert business_seconds_between(sunday_9am, wednesday_4pm, CAL) == 0


@pytest.mark.app_config(PORTAL_HOLIDAYS=("2026-12-05",))
def test_reply_and_resolution_store_business_durations(db, make_ticket, make_staff, make_category):
    category = make_category()
    agent = make_staff(role="agent", departments=[category.department])
    ticket = make_ticket(category=category, created_at=tehran(2026, 12, 2, 16, 0), status="new")
    ticket.customer  # loaded before the clock is faked below

    import portal.tickets.services.workflow as workflow
    original = workflow.utcnow
    try:
        workflow.utcnow = lambda: tehran(2026, 12, 6, 9, 0)
        services.reply(ticket, author=agent, body="پاسخ", internal=True)
        assert ticket.first_response_at is None  # an internal note is no answer
        services.reply(ticket, author=agent, body="پاسخ")
        assert ticket.first_responder_id == agent.id
        assert ticket.first_response_business_seconds == 2 * 3600  # Wed 16-17, Sat is a holiday, Sun 8-9
        workflow.utcnow = lambda: tehran(2026, 12, 6, 12, 0)
        services.change_status(ticket, "resolved", actor=agent)
        assert ticket.resolution_business_seconds == 5 * 3600
        services.reply(ticket, author=agent, body="دوباره")  # a later reply changes nothing
        assert ticket.first_response_business_seconds == 2 * 3600
        workflow.utcnow = lambda: tehran(2026, 12, 6, 13, 0)
        services.change_status(ticket, "open", actor=agent)
        assert ticket.resolution_business_seconds is None  # reopened: not resolved any more
        workflow.utcnow = lambda: tehran(2026, 12, 6, 14, 0)
        services.change_status(ticket, "closed", actor=agent)
        assert ticket.resolution_business_seconds == 7 * 3600
    finally:
        workflow.utcnow = original
