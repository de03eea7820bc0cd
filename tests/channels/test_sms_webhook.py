"""POST /channels/sms/inbound: the signature contract, replies and new tickets, acknowledgements, duplicates."""
import json
import time

import pytest

from portal.channels.models import InboundMessage
from portal.persian import to_persian_digits
from tests.channels.helpers import inbound_rows, outbox, signed, tickets_of
from tests.notify.languages import assert_speaks


def test_a_new_number_of_a_known_customer_opens_an_sms_ticket_and_gets_its_number_by_sms(post_sms, make_customer):
    customer = make_customer(mobile="09121112233")
    response = post_sms("+989121112233", "سلام، قبض این ماه نیامده است.")
    assert response.status_code == 202, response.get_data(as_text=True)
    [ticket] = tickets_of(customer)
    assert (ticket.channel, ticket.subject) == ("sms", "سلام، قبض این ماه نیامده است.")
    assert ticket.messages[0].body == "سلام، قبض این ماه نیامده است." and ticket.messages[0].channel == "sms"
    [sms] = outbox(channel="sms", to_address="09121112233")
    assert to_persian_digits(ticket.number) in sms.body_text
    [row] = inbound_rows()
    assert (row.status, row.ticket_id, row.customer_id, row.sender) == ("processed", ticket.id, customer.id, "09121112233")
    assert response.get_json() == {"id": row.id, "status": "processed", "duplicate": False}


def test_a_second_sms_replies_to_the_open_ticket_and_is_acknowledged(post_sms, make_customer):
    customer = make_customer(mobile="09121112234")
    post_sms("09121112234", "اینترنت قطع است")
    post_sms("۰۹۱۲۱۱۱۲۲۳۴", "هنوز وصل نشده")  # Persian digits: the same customer
    [ticket] = tickets_of(customer)
    assert [m.body for m in ticket.messages] == ["اینترنت قطع است", "هنوز وصل نشده"]
    [ack] = outbox(template="inbound_sms_added")
    assert ack.channel == "sms" and to_persian_digits(ticket.number) in ack.body_text


def test_after_the_reply_window_an_sms_opens_a_new_ticket(post_sms, make_customer, db):
    customer = make_customer(mobile="09121112235")
    post_sms("09121112235", "اول")
    [old] = tickets_of(customer)
    from datetime import timedelta
    old.last_activity_at -= timedelta(days=8)
    db.session.commit()
    post_sms("09121112235", "دوم")
    first, second = tickets_of(customer)
    assert [m.body for m in first.messages] == ["اول"] and [m.body for m in second.messages] == ["دوم"]


def test_a_closed_ticket_is_not_replied_to(post_sms, make_customer, db):
    customer = make_customer(mobile="09121112236")
    post_sms("09121112236", "اول")
    [old] = tickets_of(customer)
    old.status = "closed"
    db.session.commit()
    post_sms("09121112236", "دوم")
    assert len(tickets_of(customer)) == 2


def test_the_same_message_id_twice_makes_one_ticket(post_sms, make_customer):
    customer = make_customer(mobile="09121112237")
    first = post_sms("09121112237", "پیام", message_id="kn-77")
    again = post_sms("09121112237", "پیام", message_id="kn-77")
    assert first.status_code == 202 and again.status_code == 200
    assert again.get_json()["duplicate"] is True
    assert len(tickets_of(customer)) == 1 and len(tickets_of(customer)[0].messages) == 1
    assert len(inbound_rows()) == 1


def test_an_unknown_number_becomes_a_new_customer_without_a_password(post_sms, db):
    from portal.accounts.models import Customer

    post_sms("09351234567", "سلام")
    customer = db.session.query(Customer).filter_by(mobile="09351234567").one()
    assert customer.password_hash is None
    [ticket] = tickets_of(customer)
    assert ticket.channel == "sms"


def test_an_unknown_number_is_quarantined_when_the_setting_says_so(post_sms, sms_app, db):
    from portal.accounts.models import Customer

    sms_app.config["PORTAL_SMS_UNKNOWN_SENDERS"] = "quarantine"
    response = post_sms("09351234568", "سلام")
    assert response.status_code == 202 and response.get_json()["status"] == "quarantined"
    assert db.session.query(Customer).filter_by(mobile="09351234568").count() == 0
    [row] = inbound_rows()
    assert (row.status, row.reason, row.ticket_id) == ("quarantined", "unknown_sender", None)


def _body(**data):
    return json.dumps({"from": "09121112238", "to": "3000", "text": "سلام", "message_id": "m-1", **data}).encode()


@pytest.mark.parametrize("headers", [
    {},  # no signature at all
    {"X-Pishkhan-Timestamp": "{now}", "X-Pishkhan-Signature": "sha256=" + "0" * 64},
    "other-secret",
    "too-old",
    "future",
])
def test_a_wrong_missing_or_stale_signature_is_refused_and_nothing_is_stored(sms_app, headers, caplog):
    body = _body()
    if headers == "other-secret":
        headers = signed(body, secret="not-the-secret")
    elif headers == "too-old":
        headers = signed(body, timestamp=int(time.time()) - 301)
    elif headers == "future":
        headers = signed(body, timestamp=int(time.time()) + 301)
    else:
        headers = {k: v.replace("{now}", str(int(time.time()))) for k, v in headers.items()}
    response = sms_app.test_client().post("/channels/sms/inbound", data=body,
                                          headers={"Content-Type": "application/json", **headers})
    assert response.status_code == 403
    assert inbound_rows() == []
    assert "SMS webhook refused" in caplog.text


def test_a_body_changed_after_signing_is_refused(sms_app):
    headers = signed(_body())
    response = sms_app.test_client().post("/channels/sms/inbound", data=_body(text="دست‌کاری شده"), headers=headers)
    assert response.status_code == 403 and inbound_rows() == []


def test_without_a_configured_secret_every_call_is_refused(sms_app):
    sms_app.config["PORTAL_SMS_WEBHOOK_SECRET"] = None
    body = _body()
    assert sms_app.test_client().post("/channels/sms/inbound", data=body, headers=signed(body)).status_code == 403


def test_a_signed_body_that_is_not_the_contract_gets_400_with_a_reason(sms_app):
    body = json.dumps({"from": "0912", "text": ""}).encode()
    response = sms_app.test_client().post("/channels/sms/inbound", data=body, headers=signed(body))
    assert response.status_code == 400 and "message_id" in response.get_json()["error"]["message"]
    assert inbound_rows() == []


def test_the_webhook_needs_no_csrf_token_and_is_rate_limited(sms_app, make_customer):
    sms_app.config.update(RATELIMIT_ENABLED=True, PORTAL_SMS_WEBHOOK_RATE_LIMIT="2 per minute")
    from portal.extensions import limiter

    limiter.init_app(sms_app)
    client = sms_app.test_client()
    codes = []
    for n in range(3):
        body = _body(message_id=f"rl-{n}")
        codes.append(client.post("/channels/sms/inbound", data=body, headers=signed(body)).status_code)
    assert codes == [202, 202, 429]


def test_a_processing_error_keeps_the_message_and_still_answers_2xx(sms_app, db, make_customer):
    from portal.tickets.models import Category

    make_customer(mobile="09121112239")
    db.session.query(Category).update({"is_active": False})
    db.session.commit()
    body = _body(**{"from": "09121112239", "message_id": "err-1"})
    response = sms_app.test_client().post("/channels/sms/inbound", data=body, headers=signed(body))
    assert response.status_code == 202 and response.get_json()["status"] == "failed"
    [row] = inbound_rows()
    assert row.raw == body and "help topic" in row.error and isinstance(row, InboundMessage)


@pytest.mark.app_config(PORTAL_COMPANY_NAME="Sabz Net")
@pytest.mark.parametrize("locale", ["en", "fa", None])
def test_the_acknowledgements_speak_the_customers_language(post_sms, make_customer, db, locale):
    customer = make_customer(mobile="09121112238", full_name="Sara Ahmadi")
    customer.locale = locale
    db.session.commit()
    post_sms("09121112238", "The internet is down")
    post_sms("09121112238", "Still down")
    [ticket] = tickets_of(customer)
    [opened] = outbox(template="ticket_opened", channel="sms")
    [ack] = outbox(template="inbound_sms_added")
    shown = locale or "fa"  # no choice: the installation's language
    assert_speaks(opened, shown, words=("registered", "ثبت شد"), number=ticket.number)
    assert_speaks(ack, shown, words=("your message was added to ticket", "پیام شما به تیکت"), number=ticket.number)
