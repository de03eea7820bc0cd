"""Follow-ups and tasks: set with a Jalali date and time, shown on the dashboard and profile, reminded at the time."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from portal.audit import AuditEntry
from portal.automations import followups
from portal.automations.models import FollowUp
from portal.models_base import utcnow
from portal.notify.models import OutboxMessage
from portal.tickets.models import Ticket
from tests.conftest import page_text


@pytest.fixture
def desk(make_department, make_category, staff_client_for):
    department = make_department()
    client = staff_client_for("agent", departments=[department])
    return client, make_category(department=department)


def test_an_agent_sets_a_follow_up_with_a_jalali_date_and_time(db, desk, make_ticket):
    client, category = desk
    ticket = make_ticket(category=category, status="waiting", assignee_id=client.staff.id)
    response = client.post(f"/admin/follow-ups/ticket/{ticket.number}",
                           data={"due_on": "۱۴۰۹/۰۱/۱۵", "due_time": "۱۰:۳۰", "note": "زنگ بزنم"})
    assert response.status_code == 302 and response.location.endswith(f"/admin/tickets/{ticket.number}#follow-ups")
    follow_up = db.session.scalar(select(FollowUp))
    # 1409/01/15 is 2030-04-04; 10:30 in Tehran (UTC+3:30) is 07:00 UTC.
    assert follow_up.due_at == datetime(2030, 4, 4, 7, 0)
    assert (follow_up.ticket_id, follow_up.customer_id, follow_up.owner_id, follow_up.note) == (
        ticket.id, ticket.customer_id, client.staff.id, "زنگ بزنم")
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "follow_up.added"))
    detail = page_text(client.get(f"/admin/tickets/{ticket.number}"))
    assert "زنگ بزنم" in detail and "۱۴۰۹" in detail
    dashboard = page_text(client.get("/admin/"))
    assert "پیگیری‌های من" in dashboard and "زنگ بزنم" in dashboard


def test_bad_input_is_refused_with_a_clear_message(db, desk, make_ticket):
    client, category = desk
    ticket = make_ticket(category=category)
    past = client.post(f"/admin/follow-ups/ticket/{ticket.number}",
                       data={"due_on": "1400/01/01", "due_time": "10:00"}, follow_redirects=True)
    assert "زمانی در آینده را انتخاب کنید" in page_text(past)
    bad_time = client.post(f"/admin/follow-ups/ticket/{ticket.number}",
                           data={"due_on": "1409/01/01", "due_time": "25:99"}, follow_redirects=True)
    assert "ساعتی مانند" in page_text(bad_time)
    assert db.session.scalar(select(FollowUp)) is None


def test_a_task_on_a_customer_shows_on_the_profile(db, desk, make_customer, make_ticket):
    client, category = desk
    customer = make_customer()
    make_ticket(customer=customer, category=category)  # an agent sees the customers of his department's tickets
    client.post(f"/admin/follow-ups/customer/{customer.id}", data={"due_on": "1409/02/01", "due_time": "9:00",
                                                                   "note": "تمدید قرارداد"})
    assert "تمدید قرارداد" in page_text(client.get(f"/admin/customers/{customer.id}"))


def test_someone_elses_ticket_is_not_found(db, desk, make_ticket, make_category, make_department):
    client, _ = desk
    other = make_ticket(category=make_category(department=make_department()))
    response = client.post(f"/admin/follow-ups/ticket/{other.number}", data={"due_on": "1409/01/01", "due_time": "10:00"})
    assert response.status_code == 404


def test_at_its_time_the_owner_is_reminded_and_a_waiting_ticket_returns_to_the_queue(db, make_staff, make_ticket,
                                                                                     make_department, make_category):
    department = make_department()
    agent = make_staff(role="agent", departments=[department])
    ticket = make_ticket(category=make_category(department=department), status="waiting", assignee_id=agent.id)
    now = utcnow()
    follow_up = followups.add(owner=agent, customer=None, ticket=ticket, note="پیگیری پرداخت",
                              due_at=now + timedelta(hours=2), now=now)

    assert followups.run(now + timedelta(hours=1)) == "0 reminded, 0 tickets back in the queue"
    assert followups.run(now + timedelta(hours=2)) == "1 reminded, 1 tickets back in the queue"
    assert followups.run(now + timedelta(hours=3)) == "0 reminded, 0 tickets back in the queue"

    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).status == "open"
    [mail] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "follow_up_due"))
    assert mail.to_address == agent.email and "پیگیری پرداخت" in mail.body_text
    assert db.session.get(FollowUp, follow_up.id).reminded_at is not None
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "follow_up.reminded"))


def test_done_follow_ups_leave_the_lists(db, desk, make_customer):
    client, _ = desk
    customer = make_customer()
    follow_up = followups.add(owner=client.staff, customer=customer, due_at=utcnow() + timedelta(days=1))
    response = client.post(f"/admin/follow-ups/{follow_up.id}/done", data={"next": f"/admin/customers/{customer.id}"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(FollowUp, follow_up.id).done_at is not None
    assert followups.open_for(customer_id=customer.id) == []


def test_another_agent_cannot_close_my_follow_up(db, desk, make_customer, staff_client_for):
    client, _ = desk
    follow_up = followups.add(owner=client.staff, customer=make_customer(), due_at=utcnow() + timedelta(days=1))
    other = staff_client_for("agent")
    assert other.post(f"/admin/follow-ups/{follow_up.id}/done").status_code == 404
