"""The account page: name, e-mail and mobile (each proven), password, notification language and channels,
signed-in sessions with "sign out everywhere"."""
import re


from portal.accounts.auth_models import AuthSession
from portal.accounts.models import Customer
from portal.notify import notify_customer
from portal.notify.models import OutboxMessage
from portal.persian import to_ascii_digits
from tests.conftest import TEST_PASSWORD, page_text, sign_in_customer

NEW_PASSWORD = "Gol-Sorkh-Tabriz-58"


def _last_message(db, channel, address):
    return db.session.query(OutboxMessage).filter_by(channel=channel, to_address=address).order_by(
        OutboxMessage.id.desc()).first()


def test_the_page_needs_a_signed_in_customer(client, staff_client_for):
    assert client.get("/account/").status_code == 302
    assert staff_client_for("agent").get("/account/").status_code == 403


def test_the_page_shows_the_account_and_links_from_the_menu(customer_client):
    response = customer_client.get("/account/")
    text = page_text(response)
    assert response.status_code == 200
    assert "حساب من" in text and customer_client.customer.full_name in text
    assert 'href="/account/"' in customer_client.get("/").get_data(as_text=True)
    assert "خروج از همه‌جا" in text


def test_change_name(customer_client, db):
    response = customer_client.post("/account/name", data={"full_name": "  مریم   کاظمی "})
    assert response.status_code == 302
    assert db.session.get(Customer, customer_client.customer.id).full_name == "مریم کاظمی"
    assert customer_client.post("/account/name", data={"full_name": ""}).status_code == 400


def test_a_new_mobile_is_used_only_after_its_code(customer_client, db):
    old = customer_client.customer.mobile
    assert customer_client.post("/account/mobile", data={"mobile": "۰۹۳۵ ۱۱۱ ۲۲۳۳"}).status_code == 302
    sms = _last_message(db, "sms", "09351112233")
    assert sms is not None and sms.template == "verify_mobile_code"
    assert db.session.get(Customer, customer_client.customer.id).mobile == old
    code = to_ascii_digits(re.search("\u2068([۰-۹]{6})\u2069", sms.body_text).group(1))
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    assert customer_client.post("/account/mobile/verify", data={"code": wrong}).status_code == 400
    assert customer_client.post("/account/mobile/verify", data={"code": code}).status_code == 302
    assert db.session.get(Customer, customer_client.customer.id).mobile == "09351112233"
    assert customer_client.post("/account/mobile/verify", data={"code": code}).status_code == 400  # used


def test_a_mobile_of_another_account_is_refused(customer_client, make_customer):
    other = make_customer()
    response = customer_client.post("/account/mobile", data={"mobile": other.mobile})
    assert response.status_code == 400 and "حساب دیگری" in page_text(response)


def test_a_new_email_is_used_only_after_its_link(customer_client, db, app):
    assert customer_client.post("/account/email", data={"email": "New@Example.ir"}).status_code == 302
    customer = db.session.get(Customer, customer_client.customer.id)
    assert customer.email != "new@example.ir"
    mail = _last_message(db, "email", "new@example.ir")
    link = re.search(r"http://127\.0\.0\.1:5000(/account/email/[\w-]+)", mail.body_text).group(1)
    assert app.test_client().get(link).status_code == 302  # works from any browser: the link is the proof
    db.session.expire_all()
    assert db.session.get(Customer, customer.id).email == "new@example.ir"
    customer_client.get(link)
    assert "دیگر کار نمی‌کند" in page_text(customer_client.get("/account/"))


def test_the_password_change_needs_the_current_one_and_ends_other_sessions(app, customer_client, db):
    other = app.test_client()
    sign_in_customer(other, customer_client.customer.mobile)
    wrong = customer_client.post("/account/password", data={
        "current_password": "not-it", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert wrong.status_code == 400 and "گذرواژه‌ی فعلی شما نیست" in page_text(wrong)
    right = customer_client.post("/account/password", data={
        "current_password": TEST_PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert right.status_code == 302
    assert customer_client.get("/account/").status_code == 200  # this browser carries on
    assert other.get("/account/").status_code == 302  # the other one was signed out
    assert sign_in_customer(app.test_client(), customer_client.customer.mobile, NEW_PASSWORD).status_code == 302


def test_preferences_choose_the_language_and_channels_of_notifications(customer_client, db):
    response = customer_client.post("/account/preferences", data={"locale": "en", "notify_by_email": "y"})
    assert response.status_code == 302
    customer = db.session.get(Customer, customer_client.customer.id)
    assert (customer.locale, customer.notify_by_sms, customer.notify_by_email) == ("en", False, True)
    rows = notify_customer(customer, "password_reset_link", link="http://x.test/l", minutes=60)
    assert [r.channel for r in rows] == ["email"]
    assert "Someone asked to reset the password" in rows[0].body_text  # rendered in English
    assert customer_client.post("/account/preferences", data={"locale": "xx"}).status_code == 400


def test_sessions_are_listed_and_sign_out_everywhere_ends_them_all(app, customer_client, db):
    other = app.test_client()
    other.post("/auth/login", data={"identifier": customer_client.customer.mobile, "password": TEST_PASSWORD},
               headers={"User-Agent": "Other-Browser/1.0"})
    text = page_text(customer_client.get("/account/"))
    assert "Other-Browser/1.0" in text and "همین مرورگر" in text
    response = customer_client.post("/account/sessions/end-all")
    assert response.status_code == 302 and response.headers["Location"].endswith("/auth/login")
    assert other.get("/account/").status_code == 302 and customer_client.get("/account/").status_code == 302
    assert db.session.query(AuthSession).filter(AuthSession.revoked_at.is_(None)).count() == 0


def test_one_other_session_can_be_signed_out_but_not_someone_elses(app, customer_client, make_customer, db):
    other = app.test_client()
    sign_in_customer(other, customer_client.customer.mobile)
    stranger = make_customer()
    sign_in_customer(app.test_client(), stranger.mobile)
    theirs = db.session.query(AuthSession).filter_by(account_id=stranger.id).one()
    assert customer_client.post(f"/account/sessions/{theirs.id}/end").status_code == 404
    mine = db.session.query(AuthSession).filter_by(account_id=customer_client.customer.id).order_by(
        AuthSession.id.desc()).first()
    assert customer_client.post(f"/account/sessions/{mine.id}/end").status_code == 302
    assert other.get("/account/").status_code == 302 and customer_client.get("/account/").status_code == 200
