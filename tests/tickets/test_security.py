"""Nobody sees what is not theirs: every route that takes a ticket number or an attachment id answers 404
to another customer and to an agent outside the ticket's departments (without tickets.view_all), and
changes nothing. Internal notes never reach the customer; extra fields a customer posts are ignored."""
import pytest

from portal.extensions import db as _db
from portal.tickets import services
from portal.tickets.models import Attachment, Ticket, TicketEvent, TicketMessage
from tests.conftest import page_text

SECRET = "یادداشت داخلی: مشتری بدحساب است"

CUSTOMER_ROUTES = [
    ("get", "/tickets/{number}"),
    ("post", "/tickets/{number}/reply"),
    ("post", "/tickets/{number}/close"),
    ("post", "/tickets/{number}/reopen"),
    ("post", "/tickets/{number}/feedback"),
    ("get", "/tickets/new?follows={number}"),
    ("post", "/tickets/new"),  # with follows={number}
    ("get", "/attachments/{attachment}"),
]
STAFF_ROUTES = [
    ("get", "/admin/tickets/{number}"),
    ("post", "/admin/tickets/{number}/reply"),
    ("post", "/admin/tickets/{number}/status"),
    ("post", "/admin/tickets/{number}/priority"),
    ("post", "/admin/tickets/{number}/category"),
    ("post", "/admin/tickets/{number}/assign"),
    ("post", "/admin/tickets/{number}/claim"),
    ("post", "/admin/tickets/{number}/transfer"),
    ("post", "/admin/tickets/{number}/merge"),
    ("get", "/attachments/{attachment}"),
]


def _form(path, ticket, extra=None):
    data = {"body": "پیام", "score": "5", "status": "closed", "priority": "urgent", "subject": "s",
            "category": str(ticket.category_id), "assignee": "0", "department": str(ticket.department_id),
            "into": ticket.number, "follows": ticket.number}
    return {**data, **(extra or {})}


def _state(ticket):
    _db.session.expire_all()
    t = _db.session.get(Ticket, ticket.id)
    return (t.status, t.priority, t.assignee_id, t.department_id, t.category_id, t.merged_into_id,
            _db.session.query(TicketMessage).filter_by(ticket_id=t.id).count(),
            _db.session.query(TicketEvent).filter_by(ticket_id=t.id).count(), t.feedback is not None,
            _db.session.query(Ticket).count())


@pytest.fixture
def can_merge(db):
    """Give a staff member's role tickets.merge (the default agent role does not have it)."""

    def grant(staff):
        staff.role.set_permissions(staff.role.permissions | {"tickets.merge"})
        db.session.commit()
        return staff

    return grant


@pytest.fixture
def resolved_ticket_with_file(open_ticket, make_customer, agent, upload):
    owner = make_customer()
    ticket = open_ticket(owner, files=[upload("قبض.pdf", b"%PDF-1.4")])
    services.change_status(ticket, "resolved", actor=agent)
    ticket.attachment_id = ticket.messages[0].attachments[0].id
    return ticket


@pytest.mark.parametrize("method, route", CUSTOMER_ROUTES)
def test_another_customers_ticket_is_not_found(client_as, make_customer, resolved_ticket_with_file, method, route):
    ticket = resolved_ticket_with_file
    intruder = client_as(make_customer())
    before = _state(ticket)
    url = route.format(number=ticket.number, attachment=ticket.attachment_id)
    response = getattr(intruder, method)(url, **({"data": _form(url, ticket)} if method == "post" else {}))
    assert response.status_code == 404, (url, response.status_code)
    assert _state(ticket) == before
    # The same answer as for a ticket that does not exist: nothing to learn.
    missing = route.format(number="05-0000000", attachment=999999)
    other = getattr(intruder, method)(missing, **({"data": _form(missing, ticket, {"follows": "05-0000000"})}
                                                  if method == "post" else {}))
    assert other.status_code == 404


@pytest.mark.parametrize("method, route", STAFF_ROUTES)
def test_an_agent_outside_the_department_gets_404(client_as, other_agent, resolved_ticket_with_file, method, route,
                                                  can_merge):
    ticket = resolved_ticket_with_file
    can_merge(other_agent)
    outsider = client_as(other_agent)
    before = _state(ticket)
    url = route.format(number=ticket.number, attachment=ticket.attachment_id)
    response = getattr(outsider, method)(url, **({"data": _form(url, ticket)} if method == "post" else {}))
    assert response.status_code == 404, (url, response.status_code)
    assert _state(ticket) == before


@pytest.mark.parametrize("method, route", STAFF_ROUTES)
def test_the_same_routes_work_for_an_agent_of_the_department(client_as, agent, resolved_ticket_with_file,
                                                             method, route, can_merge):
    ticket = resolved_ticket_with_file
    can_merge(agent)
    url = route.format(number=ticket.number, attachment=ticket.attachment_id)
    response = getattr(client_as(agent), method)(url, **({"data": {"body": "x"}} if method == "post" else {}))
    assert response.status_code in (200, 302), (url, response.status_code)


@pytest.mark.parametrize("method, route", STAFF_ROUTES[:-1])
def test_customers_cannot_use_staff_routes(client_as, resolved_ticket_with_file, method, route):
    ticket = resolved_ticket_with_file
    owner = client_as(ticket.customer)
    url = route.format(number=ticket.number)
    response = getattr(owner, method)(url, **({"data": _form(url, ticket)} if method == "post" else {}))
    assert response.status_code == 403


def test_view_all_sees_every_department(client_as, make_staff, resolved_ticket_with_file):
    supervisor = make_staff(role="supervisor")
    assert client_as(supervisor).get(f"/admin/tickets/{resolved_ticket_with_file.number}").status_code == 200


def test_an_agent_assigned_outside_his_department_sees_that_ticket(client_as, other_agent, open_ticket, db):
    ticket = open_ticket()
    ticket.assignee_id = other_agent.id
    db.session.commit()
    assert client_as(other_agent).get(f"/admin/tickets/{ticket.number}").status_code == 200


def test_viewer_may_read_but_not_act(client_as, make_staff, department, open_ticket):
    ticket = open_ticket()
    viewer = client_as(make_staff(role="viewer", departments=[department]))
    assert viewer.get(f"/admin/tickets/{ticket.number}").status_code == 200
    assert viewer.post(f"/admin/tickets/{ticket.number}/reply", data={"body": "x"}).status_code == 403
    assert viewer.post(f"/admin/tickets/{ticket.number}/status", data={"status": "closed"}).status_code == 403
    assert viewer.post(f"/admin/tickets/{ticket.number}/assign", data={"assignee": "0"}).status_code == 403


def test_merge_into_a_ticket_the_agent_cannot_see_is_refused(client_as, agent, make_customer, open_ticket,
                                                            other_category, db, can_merge):
    can_merge(agent)
    customer = make_customer()
    mine = open_ticket(customer)
    hidden = open_ticket(customer, category=other_category)
    response = client_as(agent).post(f"/admin/tickets/{mine.number}/merge", data={"into": hidden.number})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Ticket, mine.id).merged_into_id is None


def test_internal_notes_are_not_in_the_customers_pages(client_as, open_ticket, make_customer, agent, upload):
    customer = make_customer()
    ticket = open_ticket(customer)
    services.reply(ticket, author=agent, body=SECRET, internal=True, files=[upload("internal.txt", b"x")])
    services.reply(ticket, author=agent, body="پاسخ عمومی")
    c = client_as(customer)
    for url in (f"/tickets/{ticket.number}", "/tickets/", "/tickets/?status=active"):
        html = c.get(url).get_data(as_text=True)
        assert "بدحساب" not in html and "internal.txt" not in html
    assert "پاسخ عمومی" in page_text(c.get(f"/tickets/{ticket.number}"))
    note_file = _db.session.query(Attachment).filter_by(original_name="internal.txt").one()
    assert c.get(f"/attachments/{note_file.id}").status_code == 404
    # The agent sees the note, marked as internal.
    staff_html = client_as(agent).get(f"/admin/tickets/{ticket.number}").get_data(as_text=True)
    assert "بدحساب" in staff_html and "internal-note" in staff_html
    assert client_as(agent).get(f"/attachments/{note_file.id}").status_code == 200


def test_extra_fields_posted_by_a_customer_are_ignored(client_as, make_customer, category, agent, db):
    victim = make_customer()
    customer = make_customer()
    c = client_as(customer)
    response = c.post("/tickets/new", data={
        "subject": "سلام", "body": "متن", "category": category.id, "customer_id": victim.id, "status": "closed",
        "assignee_id": agent.id, "assignee": agent.id, "priority": "urgent", "channel": "phone",
        "department_id": 999, "number": "05-1111111", "created_by_staff_id": agent.id})
    assert response.status_code == 302
    ticket = db.session.query(Ticket).one()
    assert (ticket.customer_id, ticket.status, ticket.assignee_id, ticket.priority, ticket.channel,
            ticket.department_id, ticket.created_by_staff_id) == (customer.id, "new", None, "normal", "portal",
                                                                 category.department_id, None)
    assert ticket.number != "05-1111111"
    c.post(f"/tickets/{ticket.number}/reply", data={"body": "پیام", "internal": "y", "status": "resolved",
                                                   "author_staff_id": agent.id, "assignee_id": agent.id})
    db.session.expire_all()
    message = db.session.query(TicketMessage).order_by(TicketMessage.id.desc()).first()
    assert (message.is_internal, message.author_staff_id, message.author_customer_id) == (False, None, customer.id)
    ticket = db.session.get(Ticket, ticket.id)
    assert ticket.status == "new" and ticket.assignee_id is None


def test_feedback_for_someone_else_is_impossible(client_as, make_customer, resolved_ticket_with_file, db):
    ticket = resolved_ticket_with_file
    c = client_as(ticket.customer)
    c.post(f"/tickets/{ticket.number}/feedback", data={"score": "5", "customer_id": make_customer().id})
    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).feedback.customer_id == ticket.customer_id


def test_anonymous_visitors_are_sent_to_the_right_sign_in(client, open_ticket):
    ticket = open_ticket()
    assert "/auth/login" in client.get(f"/tickets/{ticket.number}").location
    assert "/admin/login" in client.get(f"/admin/tickets/{ticket.number}").location
    assert "/auth/login" in client.get("/tickets/").location
