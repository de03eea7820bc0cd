"""A self-registered account proves its mobile by an SMS code before it can open tickets; an e-mail given
at registration is proven by a link; an unproven claim on a mobile is released to whoever proves it."""
import re

from portal.accounts.models import Customer
from portal.notify.models import OutboxMessage
from portal.persian import to_ascii_digits
from tests.conftest import page_text, sign_in_customer

PASSWORD = "Kooh-Damavand-5671"


def _register(client, **overrides):
    data = {"full_name": "علی رضایی", "mobile": "09351234567", "national_code": "", "email": "",
            "username": "", "password": PASSWORD, "confirm": PASSWORD}
    data.update(overrides)
    return client.post("/auth/register", data=data)


def _code(db, mobile):
    sms = db.session.query(OutboxMessage).filter_by(channel="sms", to_address=mobile).order_by(
        OutboxMessage.id.desc()).first()
    assert sms.template == "verify_mobile_code"
    return to_ascii_digits(re.search("\u2068([۰-۹]{6})\u2069", sms.body_text).group(1))


def test_registration_leads_to_the_code_page_and_tickets_wait_for_it(client, db):
    response = _register(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/auth/verify/")
    customer = db.session.query(Customer).one()
    assert customer.mobile == "09351234567" and customer.mobile_verified_at is None
    page = client.get("/auth/verify/")
    assert 'name="code"' in page.get_data(as_text=True) and "۰۹۳۵۱۲۳۴۵۶۷" in page_text(page)
    assert client.get("/tickets/new").headers["Location"].endswith("/auth/verify/")
    assert client.post("/auth/verify/", data={"code": "000000" if _code(db, customer.mobile) != "000000"
                                              else "111111"}).status_code == 400
    assert client.post("/auth/verify/", data={"code": _code(db, customer.mobile)}).status_code == 302
    assert db.session.get(Customer, customer.id).mobile_verified_at is not None
    assert client.get("/tickets/new").status_code == 200


def test_the_welcome_message_shows_the_customer_number_in_persian_digits(client, db):
    _register(client)
    number = db.session.query(Customer).one().number
    text = page_text(client.get("/auth/verify/"))
    assert number.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) in text and number not in text


def test_sign_in_leads_to_the_code_page_until_done(app, client, db):
    _register(client)
    other = app.test_client()
    response = sign_in_customer(other, "09351234567", PASSWORD)
    assert response.headers["Location"].endswith("/auth/verify/")
    other.post("/auth/verify/", data={"code": _code(db, "09351234567")})
    assert sign_in_customer(app.test_client(), "09351234567", PASSWORD).headers["Location"].endswith("/")
    assert not sign_in_customer(app.test_client(), "09351234567", PASSWORD).headers["Location"].endswith("/verify/")


def test_an_email_given_at_registration_is_proven_by_a_link(client, db):
    _register(client, email="Ali@Example.ir")
    mail = db.session.query(OutboxMessage).filter_by(channel="email", to_address="ali@example.ir").one()
    assert mail.template == "verify_email_link"
    assert db.session.query(Customer).one().email_verified_at is None
    client.get(re.search(r"http://127\.0\.0\.1:5000(/account/email/[\w-]+)", mail.body_text).group(1))
    assert db.session.query(Customer).one().email_verified_at is not None


def test_an_unproven_claim_on_a_mobile_is_released_when_the_owner_proves_it(app, client, db):
    _register(client, full_name="کسی دیگر", username="squatter")  # never gets the SMS
    owner = app.test_client()
    response = _register(owner, full_name="صاحب شماره", username="owner")
    assert response.status_code == 302
    owner.post("/auth/verify/", data={"code": _code(db, "09351234567")})
    squatter = db.session.query(Customer).filter_by(username="squatter").one()
    real = db.session.query(Customer).filter_by(username="owner").one()
    assert (real.mobile, squatter.mobile) == ("09351234567", None)
    assert real.mobile_verified_at is not None and squatter.mobile_verified_at is None


def test_a_proven_mobile_cannot_be_registered_again(client, make_customer):
    make_customer(mobile="09351234567", username="taken", email="taken@example.ir")
    response = _register(client, mobile="+98 935 123 4567", username="Taken", email="taken@example.ir")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    text = page_text(response)
    assert "این شماره‌ی موبایل متعلق به حسابی است" in text
    assert 'href="/auth/login"' in html and 'href="/auth/reset"' in html
    assert text.count("حساب دیگری از همین استفاده می‌کند.") == 2  # e-mail and username too, all at once
    first_input = re.search(r'<input[^>]*autofocus[^>]*>', html).group(0)
    assert 'name="mobile"' in first_input  # the cursor starts at the first error


def test_a_wrong_number_can_be_corrected_on_the_code_page(client, db):
    _register(client)
    assert client.post("/auth/verify/send", data={"mobile": "09359998877"}).status_code == 302
    client.post("/auth/verify/", data={"code": _code(db, "09359998877")})
    customer = db.session.query(Customer).one()
    assert customer.mobile == "09359998877" and customer.mobile_verified_at is not None


def test_a_password_reset_by_sms_proves_the_mobile(client, db):
    _register(client)
    client.post("/auth/logout")
    client.post("/auth/reset", data={"identifier": "09351234567"})
    sms = db.session.query(OutboxMessage).filter_by(template="password_reset_code").one()
    code = to_ascii_digits(re.search("\u2068([۰-۹]{6})\u2069", sms.body_text).group(1))
    client.post("/auth/reset/code", data={"code": code, "password": "Gol-Sorkh-Tabriz-58",
                                          "confirm": "Gol-Sorkh-Tabriz-58"})
    assert db.session.query(Customer).one().mobile_verified_at is not None


def test_accounts_the_business_makes_are_proven(make_customer):
    customer = make_customer()
    assert customer.mobile_verified_at is not None and customer.email_verified_at is not None
