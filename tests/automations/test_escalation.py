"""SLA escalation: the assignee is warned before a due time, the supervisors told at breach; each once."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from portal.audit import AuditEntry
from portal.automations import escalation
from portal.notify.models import OutboxMessage
from portal.persian import to_persian_digits

NOW = datetime(2026, 12, 1, 9, 0)  # a Tuesday, 12:30 in Tehran: business hours


@pytest.fixture
def team(make_department, make_staff, make_category):
    department = make_department()
    return {
        "department": department,
        "category": make_category(department=department),
        "agent": make_staff(role="agent", departments=[department]),
        "supervisor": make_staff(role="supervisor", departments=[department]),
        "other_supervisor": make_staff(role="supervisor", departments=[make_department()]),
    }


def sent(db, template):
    return [(m.to_address, m.channel) for m in db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == template).order_by(OutboxMessage.id))]


def test_the_assignee_is_warned_once_within_the_lead_time(db, team, make_ticket):
    soon = make_ticket(category=team["category"], status="open", assignee_id=team["agent"].id,
                       sla_due_at=NOW + timedelta(minutes=40))
    make_ticket(category=team["category"], status="open", assignee_id=team["agent"].id,
                sla_due_at=NOW + timedelta(hours=3))  # not yet
    make_ticket(category=team["category"], status="waiting", assignee_id=team["agent"].id,
                sla_due_at=NOW + timedelta(minutes=10))  # waiting on the customer: not our turn

    assert escalation.run(NOW) == "1 warned, 0 breached"
    assert sent(db, "sla_warning") == [(team["agent"].email, "email")]
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "sla_warning"))
    assert to_persian_digits(soon.number) in mail.subject and "نخستین پاسخ" in mail.body_text
    assert escalation.run(NOW + timedelta(minutes=5)) == "0 warned, 0 breached"
    assert len(sent(db, "sla_warning")) == 1
    [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "ticket.sla_warning"))
    assert entry.target_id == str(soon.id) and entry.details["stage"] == "first_response"


def test_the_lead_time_counts_business_hours(db, team, make_ticket):
    # Wednesday 16:30 in Tehran; the next business hour ends Saturday 08:30 (Thursday and Friday are off).
    wednesday = datetime(2026, 12, 2, 13, 0)
    make_ticket(category=team["category"], status="open", assignee_id=team["agent"].id,
                sla_due_at=datetime(2026, 12, 5, 4, 45))  # Saturday 08:15 Tehran: 45 business minutes away
    assert escalation.run(wednesday) == "1 warned, 0 breached"


def test_at_breach_the_departments_supervisors_hear_once(db, team, make_ticket):
    late = make_ticket(category=team["category"], status="new", sla_due_at=NOW - timedelta(minutes=1))
    assert escalation.run(NOW) == "0 warned, 1 breached"
    assert sent(db, "sla_breach") == [(team["supervisor"].email, "email")]
    assert escalation.run(NOW + timedelta(hours=1)) == "0 warned, 0 breached"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "ticket.sla_breached")).target_id == str(late.id)
    db.session.expire_all()
    assert late.is_overdue  # shown as overdue in the queue


def test_a_new_due_time_is_warned_again(db, team, make_ticket):
    ticket = make_ticket(category=team["category"], status="open", assignee_id=team["agent"].id,
                         sla_due_at=NOW + timedelta(minutes=30))
    escalation.run(NOW)
    ticket.first_response_at = NOW  # answered: now the resolution is owed
    ticket.sla_due_at = NOW + timedelta(minutes=50)
    db.session.commit()
    assert escalation.run(NOW + timedelta(minutes=1)) == "1 warned, 0 breached"
    bodies = [m.body_text for m in db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "sla_warning"))]
    assert "نخستین پاسخ" in bodies[0] and "مهلت حل" in bodies[1]


@pytest.mark.app_config(PORTAL_SLA_WARN_BUSINESS_HOURS=2)
def test_the_lead_time_is_a_setting(db, team, make_ticket):
    make_ticket(category=team["category"], status="open", assignee_id=team["agent"].id,
                sla_due_at=NOW + timedelta(minutes=100))
    assert escalation.run(NOW) == "1 warned, 0 breached"


def test_a_staff_member_who_chose_sms_gets_an_sms_and_none_means_none(db, team, make_ticket):
    from portal.automations.notices import save_prefs

    save_prefs(team["agent"], mobile="09121112233", choices={"sla_warning": "sms"})
    save_prefs(team["supervisor"], mobile=None, choices={"sla_breach": "none"})
    make_ticket(category=team["category"], status="open", assignee_id=team["agent"].id,
                sla_due_at=NOW + timedelta(minutes=30))
    make_ticket(category=team["category"], status="open", sla_due_at=NOW - timedelta(minutes=30))
    escalation.run(NOW)
    assert sent(db, "sla_warning") == [("09121112233", "sms")]
    assert sent(db, "sla_breach") == []
