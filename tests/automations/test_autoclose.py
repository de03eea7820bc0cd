"""Auto-close: resolved tickets with no answer from the customer close after PORTAL_AUTO_CLOSE_DAYS, with a notice."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from portal.audit import AuditEntry
from portal.automations import autoclose
from portal.notify.models import OutboxMessage
from portal.tickets.models import Ticket, TicketEvent

NOW = datetime(2026, 12, 1, 9, 0)


def outbox(template):
    return list(pytest.db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == template)))


@pytest.fixture(autouse=True)
def _db(db):
    pytest.db = db


def test_a_resolved_ticket_unanswered_for_n_days_is_closed_with_a_notice_saying_how_to_reopen(app, db, make_ticket):
    old = make_ticket(status="resolved", resolved_at=NOW - timedelta(days=7, minutes=1))
    recent = make_ticket(status="resolved", resolved_at=NOW - timedelta(days=6))
    answered = make_ticket(status="open", resolved_at=None)

    assert autoclose.run(NOW) == "1 tickets closed"

    db.session.expire_all()
    assert db.session.get(Ticket, old.id).status == "closed"
    assert db.session.get(Ticket, old.id).closed_at is not None
    assert db.session.get(Ticket, recent.id).status == "resolved"
    assert db.session.get(Ticket, answered.id).status == "open"
    [mail] = [m for m in outbox("ticket_auto_closed") if m.channel == "email"]
    assert mail.to_address == old.customer.email
    assert "۷ روز پیش حل شد" in mail.body_text
    assert "باز کردن دوباره‌ی تیکت" in mail.body_text and f"/tickets/{old.number}" in mail.body_text
    [sms] = [m for m in outbox("ticket_auto_closed") if m.channel == "sms"]
    assert f"/tickets/{old.number}" in sms.body_text
    [event] = db.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == old.id))
    assert (event.field, event.old_value, event.new_value, event.actor_kind) == ("status", "resolved", "closed", None)
    actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.target_id == str(old.id))))
    assert {"ticket.auto_closed", "ticket.status_changed"} <= actions


def test_a_second_run_sends_nothing_more(app, db, make_ticket):
    make_ticket(status="resolved", resolved_at=NOW - timedelta(days=10))
    autoclose.run(NOW)
    assert autoclose.run(NOW + timedelta(hours=1)) == "0 tickets closed"
    assert len(outbox("ticket_auto_closed")) == 2  # e-mail and SMS, once


def test_the_customer_can_reopen_an_auto_closed_ticket(app, db, make_ticket):
    from portal.models_base import utcnow
    from portal.tickets.services import workflow

    ticket = make_ticket(status="resolved", resolved_at=utcnow() - timedelta(days=8))
    autoclose.run(utcnow())
    db.session.expire_all()
    ticket = db.session.get(Ticket, ticket.id)
    workflow.reopen_by_customer(ticket, ticket.customer)
    assert ticket.status == "open"


@pytest.mark.app_config(PORTAL_AUTO_CLOSE_DAYS=0)
def test_zero_days_turns_auto_close_off(app, db, make_ticket):
    ticket = make_ticket(status="resolved", resolved_at=NOW - timedelta(days=100))
    assert autoclose.run(NOW) == "off"
    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).status == "resolved"


@pytest.mark.app_config(PORTAL_AUTO_CLOSE_DAYS=3)
def test_the_setting_chooses_the_days(app, db, make_ticket):
    ticket = make_ticket(status="resolved", resolved_at=NOW - timedelta(days=3, hours=1))
    autoclose.run(NOW)
    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).status == "closed"
