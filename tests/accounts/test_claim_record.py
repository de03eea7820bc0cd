"""A customer the business made from an e-mail, an SMS or a call (no sign-in) is claimed by registering with
its mobile or e-mail and proving it: same customer, same number, same tickets. Until proven, nobody gets in."""
import re

from portal.accounts.auth_models import AccountClaim
from portal.accounts.models import Customer
from portal.accounts.services import create_customer
from portal.extensions import db as _db
from portal.notify.models import OutboxMessage
from portal.persian import to_ascii_digits
from tests.conftest import page_text, sign_in_customer

PASSWORD = "Kooh-Damavand-5671"
MOBILE = "09351234567"


def _register(client, **overrides):
    data = {"full_name": "علی رضایی", "mobile": MOBILE, "national_code": "", "email": "",
            "username": "ali", "password": PASSWORD, "confirm": PASSWORD}
    data.update(overrides)
    return client.post("/auth/register", data=data)


def _code(mobile=MOBILE):
    sms = _db.session.query(OutboxMessage).filter_by(channel="sms", to_address=mobile).order_by(
        OutboxMessage.id.desc()).first()
    return to_ascii_digits(re.search("\u2068([۰-۹]{6})\u2069", sms.body_text).group(1))


def _intake_record(make_ticket, **identifiers):
    """As the SMS or e-mail intake makes it: no password, nothing proven; with a ticket."""
    record = create_customer(full_name=identifiers.pop("full_name", "09351234567"), verified=False, **identifiers)
    ticket = make_ticket(customer=record, subject="قطعی اینترنت")
    return record, ticket


def test_registering_with_the_mobile_of_an_sms_record_claims_it_after_the_code(app, client, db, make_ticket):
    record, ticket = _intake_record(make_ticket, mobile=MOBILE)
    response = _register(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/auth/claim/")
    assert db.session.query(Customer).count() == 1  # no second customer
    page = client.get("/auth/claim/")
    assert 'name="code"' in page.get_data(as_text=True) and "۰۹۳۵…۴۵۶۷" in page_text(page)

    # nothing yet: not signed in, the password does not open the record, the tickets stay closed
    assert client.get("/tickets/").status_code == 302
    assert client.get(f"/tickets/{ticket.number}").status_code == 302
    assert sign_in_customer(app.test_client(), MOBILE, PASSWORD).status_code == 200
    assert db.session.get(Customer, record.id).password_hash is None

    wrong = "000000" if _code() != "000000" else "111111"
    assert client.post("/auth/claim/", data={"code": wrong}).status_code == 400
    assert client.post("/auth/claim/", data={"code": _code()}).headers["Location"].endswith("/tickets/")
    assert db.session.query(Customer).count() == 1
    claimed = db.session.get(Customer, record.id)
    assert (claimed.number, claimed.full_name, claimed.username) == (record.number, "علی رضایی", "ali")
    assert claimed.mobile == MOBILE and claimed.mobile_verified_at is not None
    assert ticket.number in client.get("/tickets/").get_data(as_text=True)
    assert sign_in_customer(app.test_client(), MOBILE, PASSWORD).status_code == 302


def test_an_unproven_claim_never_opens_the_record(app, client, db, make_ticket):
    record, ticket = _intake_record(make_ticket, mobile=MOBILE)
    _register(client, username="squatter")  # never sees the SMS
    owner = app.test_client()
    _register(owner, full_name="صاحب شماره", username="owner")
    code = _code()  # the owner's code: the newest, tied to the owner's registration
    assert client.post("/auth/claim/", data={"code": code}).status_code == 400
    assert db.session.get(Customer, record.id).password_hash is None
    assert owner.post("/auth/claim/", data={"code": code}).status_code == 302
    claimed = db.session.get(Customer, record.id)
    assert claimed.username == "owner"
    assert client.get("/auth/claim/").headers["Location"].endswith("/auth/register")  # the other claim ended
    assert client.get(f"/tickets/{ticket.number}").status_code == 302
    assert db.session.query(AccountClaim).filter(AccountClaim.used_at.is_(None)).count() == 0


def test_registering_with_the_email_of_an_email_record_claims_it_after_the_link(app, client, db, make_ticket):
    record, ticket = _intake_record(make_ticket, email="sara@example.ir", full_name="Sara")
    response = _register(client, email="Sara@Example.ir", mobile="09127654321", full_name="سارا احمدی")
    assert response.headers["Location"].endswith("/auth/claim/")
    assert "sara@example.ir" in page_text(client.get("/auth/claim/"))
    assert db.session.query(Customer).count() == 1
    assert sign_in_customer(app.test_client(), "sara@example.ir", PASSWORD).status_code == 200

    mail = db.session.query(OutboxMessage).filter_by(channel="email", to_address="sara@example.ir").one()
    client.get(re.search(r"http://127\.0\.0\.1:5000(/account/email/[\w-]+)", mail.body_text).group(1))
    claimed = db.session.get(Customer, record.id)
    assert claimed.full_name == "سارا احمدی" and claimed.email_verified_at is not None
    browser = app.test_client()
    assert sign_in_customer(browser, "sara@example.ir", PASSWORD).status_code == 302
    assert ticket.number in browser.get("/tickets/").get_data(as_text=True)


def test_an_identifier_of_another_customer_is_still_refused(client, db, make_ticket, make_customer):
    _intake_record(make_ticket, mobile=MOBILE)
    make_customer(username="taken")
    response = _register(client, username="taken")
    assert response.status_code == 200
    assert "حساب دیگری از همین استفاده می‌کند." in page_text(response)
    assert db.session.query(AccountClaim).count() == 0


def test_a_record_with_a_sign_in_is_not_claimable(client, make_customer):
    make_customer(mobile=MOBILE)
    response = _register(client)
    assert response.status_code == 200 and "این شماره‌ی موبایل متعلق به حسابی است" in page_text(response)
