"""The agent's ticket page: "reply to customer" and "internal note" are two different buttons, the status
select has a label, and a link leads straight to the reply box."""
import re

from portal.tickets.models import TicketMessage
from tests.conftest import page_text


def test_two_buttons_and_a_labelled_status(client_as, agent, open_ticket):
    ticket = open_ticket()
    html = client_as(agent).get(f"/admin/tickets/{ticket.number}").get_data(as_text=True)
    buttons = re.findall(r'<button[^>]*name="internal"[^>]*>([^<]*)</button>', html)
    assert buttons == ["پاسخ به مشتری", "ذخیره به‌عنوان یادداشت داخلی"]
    assert 'value="" data-action="reply"' in html and 'value="y" data-action="note"' in html
    assert 'type="checkbox"' not in html.split('id="reply"')[1].split("</section>")[0]
    status_id = re.search(r'<select[^>]*id="(status[^"]*)"[^>]*name="status"|<select[^>]*name="status"[^>]*id="([^"]*)"',
                          html.split('id="reply"')[1])
    select_id = next(g for g in status_id.groups() if g)
    assert f'<label class="form-label small mb-0" for="{select_id}">' in html
    assert 'href="#reply"' in html


def test_each_button_does_its_own_thing(client_as, agent, open_ticket, make_customer, db):
    customer = make_customer()
    ticket = open_ticket(customer)
    c = client_as(agent)
    c.post(f"/admin/tickets/{ticket.number}/reply", data={"body": "پاسخ برای مشتری", "internal": ""})
    c.post(f"/admin/tickets/{ticket.number}/reply", data={"body": "فقط برای همکاران", "internal": "y"})
    notes = {m.body: m.is_internal for m in db.session.query(TicketMessage).filter_by(ticket_id=ticket.id)}
    assert notes["پاسخ برای مشتری"] is False and notes["فقط برای همکاران"] is True
    seen = page_text(client_as(customer).get(f"/tickets/{ticket.number}"))
    assert "پاسخ برای مشتری" in seen and "فقط برای همکاران" not in seen
