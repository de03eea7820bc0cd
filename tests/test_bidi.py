"""Numbers and codes inside Persian text keep their order: <bdi> in HTML, FSI...PDI in SMS, plain-text
mail and flash messages, and digits in the reader's language everywhere."""
from portal.notify.models import OutboxMessage
from portal.persian import isolate, to_persian_digits
from portal.tickets.models import Ticket
from tests.conftest import page_text


def test_isolate_wraps_in_first_strong_isolate():
    assert isolate("05-1234567") == "\u206805-1234567\u2069"
    assert isolate("") == "" and isolate(None) == ""


def test_ticket_number_in_the_confirmation_sms_and_mail_reads_in_order(customer_client, make_category, db):
    category = make_category()
    response = customer_client.post("/tickets/new", data={"subject": "اینترنت قطع است", "body": "از صبح",
                                                           "category": category.id}, follow_redirects=True)
    ticket = db.session.query(Ticket).one()
    number = "\u2068" + to_persian_digits(ticket.number) + "\u2069"
    assert number in page_text(response)  # the flash message
    assert f'<bdi dir="ltr" class="text-nowrap">{to_persian_digits(ticket.number)}</bdi>' in response.get_data(
        as_text=True)
    messages = {m.channel: m for m in db.session.query(OutboxMessage).filter_by(template="ticket_opened")}
    assert number in messages["sms"].body_text
    assert number in messages["email"].body_text
    # The subject carries the machine-readable tag that mail clients and the e-mail intake thread on,
    # isolated so it reads in order inside the Persian subject.
    assert f"\u2068[#{ticket.number}]\u2069" in messages["email"].subject
    assert f"<bdi>{to_persian_digits(ticket.number)}</bdi>" in messages["email"].body_html


def test_customer_text_takes_its_own_direction(customer_client, make_ticket):
    ticket = make_ticket(customer=customer_client.customer, body="My modem says ERROR 651")
    html = customer_client.get(f"/tickets/{ticket.number}").get_data(as_text=True)
    assert '<div class="message-body" dir="auto">My modem says ERROR 651</div>' in html
