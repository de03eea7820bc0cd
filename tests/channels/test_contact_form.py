"""/contact and /contact/embed: a public form that makes a webform ticket, with a honeypot and a rate limit."""
import io
import re

import pytest

from portal.accounts.models import Customer
from portal.persian import to_persian_digits
from tests.channels.helpers import inbound_rows, outbox, tickets_of
from tests.conftest import page_text

FIELDS = {"full_name": "نرگس رضایی", "mobile": "۰۹۱۲ ۳۳۳ ۴۴۵۵", "email": "", "subject": "درخواست فاکتور رسمی",
          "body": "لطفاً فاکتور رسمی آذر را بفرستید."}


@pytest.fixture
def contact_client(app, category):
    return app.test_client()


def test_the_contact_form_opens_a_webform_ticket_and_shows_its_number(contact_client, db):
    page = contact_client.get("/contact")
    assert page.status_code == 200
    for name in ("full_name", "mobile", "email", "subject", "body", "attachments", "csrf_token"):
        assert f'name="{name}"' in page.get_data(as_text=True)
    response = contact_client.post("/contact", data=FIELDS, follow_redirects=True)
    customer = db.session.query(Customer).filter_by(mobile="09123334455").one()
    [ticket] = tickets_of(customer)
    assert (ticket.channel, ticket.subject, customer.full_name) == ("webform", "درخواست فاکتور رسمی", "نرگس رضایی")
    assert to_persian_digits(ticket.number) in page_text(response)
    [sms] = outbox(channel="sms", to_address="09123334455")
    assert to_persian_digits(ticket.number) in sms.body_text
    assert customer.password_hash is None


def test_an_existing_customer_gets_the_ticket_on_their_account_but_no_session(contact_client, make_customer):
    customer = make_customer(email="narges@example.ir", mobile="09123334456")
    response = contact_client.post("/contact", data=dict(FIELDS, mobile="", email="Narges@Example.ir"),
                                   follow_redirects=True)
    [ticket] = tickets_of(customer)
    assert ticket.channel == "webform"
    assert contact_client.get(f"/tickets/{ticket.number}").status_code == 302  # still has to sign in
    assert "ایمیل" in page_text(response) or to_persian_digits(ticket.number) in page_text(response)
    assert [m.to_address for m in outbox(channel="email")] == ["narges@example.ir"]


def test_mobile_or_email_is_required_and_errors_are_shown_in_persian(contact_client, db):
    response = contact_client.post("/contact", data=dict(FIELDS, mobile="", email=""))
    assert response.status_code == 200 and "شماره‌ی موبایل یا نشانی ایمیل بدهید" in page_text(response)
    bad = contact_client.post("/contact", data=dict(FIELDS, mobile="12345"))
    assert "۰۹۱۲۱۲۳۴۵۶۷" in page_text(bad)
    assert inbound_rows() == [] and db.session.query(Customer).count() == 0


def test_the_honeypot_thanks_the_robot_and_stores_nothing(contact_client, db):
    response = contact_client.post("/contact", data=dict(FIELDS, website="http://spam.example"), follow_redirects=True)
    assert response.status_code == 200 and "سپاس" in page_text(response)
    assert inbound_rows() == [] and db.session.query(Customer).count() == 0


def test_attachments_within_the_limits_go_with_the_ticket_and_others_are_refused(contact_client, db):
    from portal.tickets.models import Attachment

    refused = contact_client.post("/contact", data=dict(FIELDS, attachments=[(io.BytesIO(b"MZ"), "run.exe")]),
                                  content_type="multipart/form-data")
    assert refused.status_code == 200 and "run.exe" in page_text(refused) and inbound_rows() == []
    contact_client.post("/contact", data=dict(FIELDS, attachments=[(io.BytesIO(b"%PDF-1.4"), "فاکتور.pdf")]),
                        content_type="multipart/form-data")
    [attachment] = db.session.query(Attachment).all()
    assert attachment.original_name == "فاکتور.pdf" and attachment.ticket.channel == "webform"


def test_the_same_submission_twice_is_one_ticket(contact_client, db):
    contact_client.post("/contact", data=FIELDS)
    contact_client.post("/contact", data=FIELDS)
    customer = db.session.query(Customer).filter_by(mobile="09123334455").one()
    assert len(tickets_of(customer)) == 1


def test_a_post_without_the_csrf_token_is_refused(contact_client):
    response = contact_client.post("/contact", data=dict(FIELDS, csrf_token=""))
    assert response.status_code == 400 and inbound_rows() == []


def test_the_embeddable_form_may_be_framed_and_carries_its_own_token(contact_client, app, db):
    app.config["PORTAL_EMBED_ANCESTORS"] = "https://www.example.ir"
    page = contact_client.get("/contact/embed")
    assert page.headers["Content-Security-Policy"].endswith("frame-ancestors https://www.example.ir")
    assert "X-Frame-Options" not in page.headers
    assert contact_client.get("/contact").headers["X-Frame-Options"] == "DENY"
    html = page.get_data(as_text=True)
    assert 'class="navbar' not in html
    token = re.search(r'name="form_token" type="hidden" value="([^"]+)"', html).group(1)
    other = app.test_client()  # a third-party iframe: no portal cookie, no session
    expired = other.post("/contact/embed", data=dict(FIELDS, form_token="forged"))
    assert "منقضی" in page_text(expired) and inbound_rows() == []
    sent = other.post("/contact/embed", data=dict(FIELDS, form_token=token))
    customer = db.session.query(Customer).filter_by(mobile="09123334455").one()
    [ticket] = tickets_of(customer)
    assert to_persian_digits(ticket.number) in page_text(sent)
    assert sent.headers["Content-Security-Policy"].endswith("frame-ancestors https://www.example.ir")
    assert contact_client.get("/contact").headers.get("X-Frame-Options") == "DENY"


def test_the_contact_form_is_rate_limited(app, category):
    app.config.update(RATELIMIT_ENABLED=True, PORTAL_CONTACT_RATE_LIMIT="2 per minute")
    from portal.extensions import limiter

    limiter.init_app(app)
    client = app.test_client()
    codes = [client.post("/contact", data=dict(FIELDS, subject=f"موضوع {n}")).status_code for n in range(3)]
    assert codes == [302, 302, 429]
