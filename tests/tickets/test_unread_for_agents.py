"""The queue marks the tickets a customer has written to since this agent last opened them; each agent has
their own last look; opening the ticket clears the mark; the mark costs no statement per row."""
import re

from portal.tickets import services
from portal.tickets.models import TicketStaffView


def marked(response):
    """Numbers of the tickets marked unread in the queue table."""
    html = response.get_data(as_text=True)
    table = html[html.index("queue-table"):]
    return set(re.findall(r'<tr class="[^"]*\bunread\b[^"]*">.*?href="/admin/tickets/(\d\d-\d{7})"', table, re.S))


def test_new_customer_messages_are_marked_until_the_agent_opens_the_ticket(client_as, agent, make_staff,
                                                                            department, open_ticket, make_customer):
    customer = make_customer()
    first, second = open_ticket(customer, subject="اول"), open_ticket(customer, subject="دوم")
    me, colleague = client_as(agent), client_as(make_staff(role="agent", departments=[department]))
    assert marked(me.get("/admin/tickets/")) == {first.number, second.number}

    page = me.get(f"/admin/tickets/{first.number}")
    assert page.status_code == 200
    response = me.get("/admin/tickets/")
    assert marked(response) == {second.number}
    html = response.get_data(as_text=True)
    # the card list for phones carries the same mark, with words for screen readers
    cards = html[html.index("queue-cards"):html.index("queue-table")]
    assert cards.count("unread-mark") == 1
    assert "visually-hidden" in cards
    assert marked(colleague.get("/admin/tickets/")) == {first.number, second.number}  # each agent their own look

    services.reply(first, author=agent, body="پاسخ ما")  # our own reply does not mark it
    assert marked(me.get("/admin/tickets/")) == {second.number}
    services.reply(first, author=customer, body="پاسخ مشتری")
    assert marked(me.get("/admin/tickets/")) == {first.number, second.number}
    me.get(f"/admin/tickets/{first.number}")
    assert marked(me.get("/admin/tickets/")) == {second.number}


def test_opening_a_read_ticket_writes_nothing(client_as, agent, open_ticket, db):
    ticket = open_ticket()
    me = client_as(agent)
    me.get(f"/admin/tickets/{ticket.number}")
    seen = db.session.get(TicketStaffView, (ticket.id, agent.id)).seen_at
    me.get(f"/admin/tickets/{ticket.number}")
    db.session.expire_all()
    assert db.session.get(TicketStaffView, (ticket.id, agent.id)).seen_at == seen


def test_a_ticket_logged_from_a_call_is_read_by_the_agent_who_logged_it(client_as, agent, open_ticket):
    ticket = open_ticket(channel="phone", created_by=agent)
    assert ticket.number not in marked(client_as(agent).get("/admin/tickets/"))


def test_an_internal_note_or_a_customer_page_view_does_not_touch_agents_marks(client_as, agent, open_ticket, db):
    ticket = open_ticket()
    client_as(ticket.customer).get(f"/tickets/{ticket.number}")
    assert db.session.query(TicketStaffView).count() == 0
    assert ticket.number in marked(client_as(agent).get("/admin/tickets/"))
