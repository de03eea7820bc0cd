"""Agents hear about their tickets: a customer's reply, a poor score; each once, by the channel each chose."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.audit import AuditEntry
from portal.automations import agent_notices
from portal.automations.notices import save_prefs
from portal.models_base import utcnow
from portal.notify.models import OutboxMessage
from portal.tickets.services import feedback, workflow


@pytest.fixture
def team(make_department, make_staff, make_category):
    department = make_department()
    return {
        "category": make_category(department=department),
        "agent": make_staff(role="agent", departments=[department]),
        "colleague": make_staff(role="agent", departments=[department]),
        "supervisor": make_staff(role="supervisor", departments=[department]),
        "outsider": make_staff(role="agent", departments=[make_department()]),
    }


def sent(db, template):
    return sorted((m.to_address, m.channel) for m in db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == template)))


def test_a_customer_reply_notifies_the_assignee_once(db, team, make_ticket):
    ticket = make_ticket(category=team["category"], status="waiting", assignee_id=team["agent"].id)
    assert agent_notices.run(utcnow()) == "1 replies, 0 low scores"  # the opening message: nobody is told
    assert sent(db, "staff_customer_reply") == []
    workflow.reply(ticket, author=ticket.customer, body="هنوز وصل نمی‌شود")

    agent_notices.run(utcnow())
    agent_notices.run(utcnow() + timedelta(seconds=30))

    assert sent(db, "staff_customer_reply") == [(team["agent"].email, "email")]
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "staff_customer_reply"))
    assert "هنوز وصل نمی‌شود" in mail.body_text and f"/admin/tickets/{ticket.number}" in mail.body_text


def test_a_reply_on_an_unassigned_ticket_goes_to_the_department(db, team, make_ticket):
    ticket = make_ticket(category=team["category"], status="waiting")
    workflow.reply(ticket, author=ticket.customer, body="لطفا پیگیری کنید")
    agent_notices.run(utcnow())
    expected = sorted((team[k].email, "email") for k in ("agent", "colleague", "supervisor"))
    assert sent(db, "staff_customer_reply") == expected


def test_staff_choose_sms_or_nothing_per_kind(db, team, make_ticket):
    save_prefs(team["agent"], mobile="09123334455", choices={"customer_reply": "sms"})
    save_prefs(team["colleague"], mobile=None, choices={"customer_reply": "none"})
    ticket = make_ticket(category=team["category"], status="waiting")
    workflow.reply(ticket, author=ticket.customer, body="سلام")
    agent_notices.run(utcnow())
    assert sent(db, "staff_customer_reply") == sorted([("09123334455", "sms"), (team["supervisor"].email, "email")])


def test_a_score_of_one_or_two_notifies_the_supervisors(db, team, make_ticket):
    poor = make_ticket(category=team["category"], status="resolved", resolved_at=utcnow(), assignee_id=team["agent"].id)
    fine = make_ticket(category=team["category"], status="resolved", resolved_at=utcnow())
    feedback.record_feedback(poor, poor.customer, score=2, comment="جواب کامل نبود")
    feedback.record_feedback(fine, fine.customer, score=4)

    agent_notices.run(utcnow())
    agent_notices.run(utcnow())

    assert sent(db, "staff_low_csat") == [(team["supervisor"].email, "email")]
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "staff_low_csat"))
    assert "جواب کامل نبود" in mail.body_text
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "ticket.low_csat"))
    assert entry.target_id == str(poor.id) and entry.details["score"] == 2


def test_old_replies_are_not_announced_at_the_first_run(db, team, make_ticket):
    ticket = make_ticket(category=team["category"], status="waiting", assignee_id=team["agent"].id)
    workflow.reply(ticket, author=ticket.customer, body="قدیمی")
    agent_notices.run(utcnow() + timedelta(days=2))
    assert sent(db, "staff_customer_reply") == []
