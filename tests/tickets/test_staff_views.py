"""Agent pages: the queue with filters, sorting, paging and counts; the ticket page and its actions;
logging a ticket from a call; canned replies and help topics in the back office."""
import re
from datetime import timedelta

import pytest

from portal.models_base import utcnow
from portal.persian import to_persian_digits
from portal.tickets import services
from portal.tickets.models import CannedReply, Category, Ticket
from tests.conftest import page_text


def rows(response):
    """Ticket numbers in the queue table, in order."""
    return re.findall(r'href="/admin/tickets/(\d\d-\d{7})" class="fw-semibold"', response.get_data(as_text=True))


@pytest.fixture
def queue_tickets(open_ticket, make_customer, other_category, agent, db):
    """Five tickets of two departments in several states; one overdue, one mine, one by phone, one urgent."""
    customer = make_customer()
    t = {
        "overdue": open_ticket(customer, subject="دیرکرده"),
        "mine": open_ticket(customer, subject="مال من"),
        "phone": open_ticket(customer, subject="تلفنی", channel="phone", created_by=agent),
        "urgent": open_ticket(customer, subject="فوری", priority="urgent"),
        "billing": open_ticket(customer, subject="صورتحساب", category=other_category),
        "closed": open_ticket(customer, subject="بسته"),
    }
    t["overdue"].sla_due_at = t["overdue"].first_response_due_at = utcnow() - timedelta(hours=1)
    services.claim(t["mine"], agent)
    services.change_status(t["closed"], "closed", actor=agent)
    db.session.commit()
    return t


def test_queue_shows_the_agents_departments_sorted_by_due_time(client_as, agent, queue_tickets):
    t = queue_tickets
    response = client_as(agent).get("/admin/tickets/")
    numbers = rows(response)
    assert set(numbers) == {t[k].number for k in ("overdue", "mine", "phone", "urgent")}
    assert numbers[0] == t["overdue"].number and numbers.index(t["urgent"].number) < numbers.index(t["mine"].number)
    assert "overdue-row" in response.get_data(as_text=True)


def test_queue_filters_and_their_counts(client_as, agent, queue_tickets, category):
    t = queue_tickets
    c = client_as(agent)
    assert rows(c.get("/admin/tickets/?assignee=me")) == [t["mine"].number]
    assert t["mine"].number not in rows(c.get("/admin/tickets/?assignee=unassigned"))
    assert rows(c.get("/admin/tickets/?overdue=1")) == [t["overdue"].number]
    assert rows(c.get("/admin/tickets/?channel=phone")) == [t["phone"].number]
    assert rows(c.get("/admin/tickets/?priority=urgent")) == [t["urgent"].number]
    assert rows(c.get("/admin/tickets/?status=closed")) == [t["closed"].number]
    assert len(rows(c.get(f"/admin/tickets/?category={category.id}&status=all"))) == 5
    html = c.get("/admin/tickets/").get_data(as_text=True)
    # Counts next to the filters, in Persian digits: 4 active, 1 mine, 3 unassigned, 1 overdue.
    assert re.search(r"فعال\s*<span class=\"badge[^\"]*\">۴</span>", html)
    assert re.search(r"مال من\s*<span class=\"badge[^\"]*\">۱</span>", html)
    assert re.search(r"بی‌مسئول\s*<span class=\"badge[^\"]*\">۳</span>", html)
    assert re.search(r"دیرکرده\s*<span class=\"badge[^\"]*\">۱</span>", html)


def test_queue_counts_follow_the_chosen_assignee(app, agent, queue_tickets):
    with app.test_request_context():
        page, counts = services.queue(agent, services.QueueFilters(assignee="me"))
    assert [x.number for x in page.items] == [queue_tickets["mine"].number]
    assert counts.status["active"] == 1 and counts.status["new"] == 1 and counts.assignee["any"] == 4
    assert counts.overdue == 0 and "closed" not in counts.status  # closed is not counted unless chosen


def test_queue_sorting_and_paging(app, client_as, agent, queue_tickets):
    app.config["PORTAL_QUEUE_PER_PAGE"] = 2
    c = client_as(agent)
    first, second = rows(c.get("/admin/tickets/")), rows(c.get("/admin/tickets/?page=2"))
    assert len(first) == len(second) == 2 and not set(first) & set(second)
    assert rows(c.get("/admin/tickets/?sort=priority"))[0] == queue_tickets["urgent"].number
    assert rows(c.get("/admin/tickets/?sort=activity&page=99")) != []  # past the end: the last page
    assert c.get("/admin/tickets/?sort=bogus&status=bogus&department=x&page=-3").status_code == 200


def test_supervisor_sees_every_department_and_can_filter_by_one(client_as, make_staff, queue_tickets,
                                                                other_department):
    c = client_as(make_staff(role="supervisor"))
    assert queue_tickets["billing"].number in rows(c.get("/admin/tickets/"))
    assert rows(c.get(f"/admin/tickets/?department={other_department.id}")) == [queue_tickets["billing"].number]


def test_ticket_page_shows_customer_summary_thread_and_controls(client_as, agent, open_ticket, make_customer, db):
    customer = make_customer(full_name="زهرا موسوی")
    ticket = open_ticket(customer)
    services.reply(ticket, author=agent, body="یادداشت برای همکاران", internal=True)
    db.session.add(CannedReply(title="سلام", body="{customer_name} عزیز، تیکت {ticket_number} را {agent_name} بررسی کرد. {unknown}"))
    db.session.commit()
    html = client_as(agent).get(f"/admin/tickets/{ticket.number}").get_data(as_text=True)
    text = page_text(client_as(agent).get(f"/admin/tickets/{ticket.number}"))
    assert "زهرا موسوی" in text and to_persian_digits(customer.number) in text
    assert "internal-note" in html and "یادداشت برای همکاران" in text
    # the number in the customer's digits, in an isolate so that it reads in order inside Persian text
    number = "\u2068" + to_persian_digits(ticket.number) + "\u2069"
    assert f"زهرا موسوی عزیز، تیکت {number} را {agent.full_name} بررسی کرد. {{unknown}}" in html
    for action in ("reply", "status", "priority", "assign", "claim", "transfer", "category"):
        assert f'action="/admin/tickets/{ticket.number}/{action}"' in html
    assert f'action="/admin/tickets/{ticket.number}/merge"' not in html  # agents may not merge


def test_agent_actions_through_the_forms(client_as, agent, open_ticket, make_staff, other_department, db):
    ticket = open_ticket()
    c = client_as(agent)
    c.post(f"/admin/tickets/{ticket.number}/reply", data={"body": "برای همکاران", "internal": "y"})
    assert ticket.status == "new" and ticket.messages[-1].is_internal
    c.post(f"/admin/tickets/{ticket.number}/reply", data={"body": "لطفاً ریست کنید", "status": "open"})
    assert ticket.status == "open" and ticket.first_response_at is not None
    c.post(f"/admin/tickets/{ticket.number}/priority", data={"priority": "high"})
    assert ticket.priority == "high"
    c.post(f"/admin/tickets/{ticket.number}/claim")
    assert ticket.assignee_id == agent.id
    colleague = make_staff(role="agent", departments=[ticket.department])
    c.post(f"/admin/tickets/{ticket.number}/assign", data={"assignee": colleague.id})
    assert ticket.assignee_id == colleague.id
    c.post(f"/admin/tickets/{ticket.number}/status", data={"status": "resolved"})
    assert ticket.status == "resolved"
    c.post(f"/admin/tickets/{ticket.number}/status", data={"status": "waiting"})  # not allowed from resolved
    assert ticket.status == "resolved"
    response = c.post(f"/admin/tickets/{ticket.number}/transfer", data={"department": other_department.id})
    assert ticket.department_id == other_department.id and ticket.assignee_id is None
    assert response.location.endswith("/admin/tickets/")  # no longer his department's ticket


def test_a_bad_reply_keeps_what_was_typed(client_as, agent, open_ticket, upload):
    ticket = open_ticket()
    response = client_as(agent).post(f"/admin/tickets/{ticket.number}/reply",
                                     data={"body": "متن نگه‌داشته", "attachments": [upload("a.exe", b"MZ")]},
                                     content_type="multipart/form-data")
    assert response.status_code == 200 and "متن نگه‌داشته</textarea>" in response.get_data(as_text=True)
    assert "a.exe" in page_text(response)


def test_merge_through_the_form(client_as, make_staff, open_ticket, make_customer):
    supervisor = make_staff(role="supervisor")
    customer = make_customer()
    into, duplicate = open_ticket(customer), open_ticket(customer)
    response = client_as(supervisor).post(f"/admin/tickets/{duplicate.number}/merge",
                                          data={"into": to_persian_digits(into.number)})
    assert response.location.endswith(f"/admin/tickets/{into.number}")
    assert duplicate.merged_into_id == into.id


def test_log_a_ticket_from_a_call(client_as, agent, make_customer, category, db):
    customer = make_customer(full_name="حسین قاسمی", mobile="09013334455")
    c = client_as(agent)
    found = c.get("/admin/tickets/new?identifier=۰۹۰۱ ۳۳۳ ۴۴۵۵")
    assert "حسین قاسمی" in page_text(found) and 'name="subject"' in found.get_data(as_text=True)
    response = c.post("/admin/tickets/new", data={"identifier": "۰۹۰۱ ۳۳۳ ۴۴۵۵", "subject": "تماس تلفنی",
                                                 "body": "مشتری زنگ زد", "category": category.id,
                                                 "priority": "high", "channel": "phone"})
    ticket = db.session.query(Ticket).one()
    assert response.location.endswith(f"/admin/tickets/{ticket.number}")
    assert (ticket.customer_id, ticket.channel, ticket.priority, ticket.created_by_staff_id) == (
        customer.id, "phone", "high", agent.id)


def test_an_unknown_caller_can_be_added_then_the_ticket_logged(client_as, agent, db):
    from portal.accounts.models import Customer

    c = client_as(agent)
    page = c.get("/admin/tickets/new?identifier=09351110000")
    html = page.get_data(as_text=True)
    assert 'action="/admin/tickets/new/customer"' in html and 'value="09351110000"' in html
    assert c.post("/admin/tickets/new/customer", data={"full_name": "کاوه", "mobile": ""}).status_code == 200
    response = c.post("/admin/tickets/new/customer", data={"full_name": "کاوه یزدانی", "mobile": "09351110000"})
    customer = db.session.query(Customer).filter_by(mobile="09351110000").one()
    assert response.location.endswith(f"/admin/tickets/new?identifier={customer.number}")
    assert customer.password_hash is None


def test_logging_for_customers_needs_the_permission(client_as, make_staff, department):
    viewer = client_as(make_staff(role="viewer", departments=[department]))
    assert viewer.get("/admin/tickets/new").status_code == 403
    assert viewer.post("/admin/tickets/new/customer", data={"full_name": "x"}).status_code == 403


def test_canned_replies_are_managed_with_canned_manage(client_as, agent, make_staff, db):
    assert client_as(agent).get("/admin/tickets/canned").status_code == 403
    c = client_as(make_staff(role="supervisor"))
    assert c.get("/admin/tickets/canned").status_code == 200
    bad = c.post("/admin/tickets/canned/new", data={"title": "t", "body": "سلام {nmae}", "department": "0",
                                                     "is_active": "y"})
    assert bad.status_code == 200 and "{nmae}" in page_text(bad)
    c.post("/admin/tickets/canned/new", data={"title": "خوشامد", "body": "سلام {customer_name}", "department": "0",
                                               "is_active": "y"})
    reply = db.session.query(CannedReply).one()
    c.post(f"/admin/tickets/canned/{reply.id}", data={"title": "خوشامد ۲", "body": "سلام", "department": "0"})
    db.session.expire_all()
    assert (reply.title, reply.is_active) == ("خوشامد ۲", False)
    c.post(f"/admin/tickets/canned/{reply.id}/delete")
    assert db.session.query(CannedReply).count() == 0
    assert c.get("/admin/tickets/canned/999").status_code == 404


def test_help_topics_are_managed_with_access_manage(client_as, make_staff, department, db):
    assert client_as(make_staff(role="supervisor")).get("/admin/tickets/categories").status_code == 403
    c = client_as(make_staff(role="admin"))
    c.post("/admin/tickets/categories/new", data={
        "name": "کندی سرعت", "department": department.id, "position": "۲", "is_active": "y",
        "sla_urgent_first": "0.5", "sla_urgent_resolution": "۲", "sla_low_first": "3"})
    category = db.session.query(Category).one()
    assert (category.name, category.position, category.department_id) == ("کندی سرعت", 2, department.id)
    assert category.sla_targets == {"urgent": [0.5, 2.0]}  # a half-filled row is ignored
    edit = c.get(f"/admin/tickets/categories/{category.id}").get_data(as_text=True)
    assert 'value="0.5"' in edit
