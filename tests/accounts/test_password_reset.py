"""Password recovery: a code by SMS (or a link by e-mail), expiring, single-use, hashed, rate-limited,
and the same answer whether or not an account exists."""
import re
from datetime import timedelta

import pytest

from portal.accounts.auth_models import AuthSession, PasswordReset
from portal.notify.models import OutboxMessage
from portal.persian import to_ascii_digits
from tests.conftest import TEST_PASSWORD, page_text, sign_in_customer, sign_in_staff

NEW_PASSWORD = "Gol-Sorkh-Tabriz-58"


@pytest.fixture
def customer(make_customer):
    return make_customer(full_name="زهرا موسوی", mobile="09121234567", email="zahra@example.ir", username="zahra")


def _sms_code(db, mobile):
    message = db.session.query(OutboxMessage).filter_by(channel="sms", to_address=mobile).order_by(
        OutboxMessage.id.desc()).first()
    assert message is not None and message.template == "password_reset_code"
    return to_ascii_digits(re.search(r"\u2068([۰-۹0-9]{6})\u2069", message.body_text).group(1))


def _mailed_link(db, address):
    message = db.session.query(OutboxMessage).filter_by(channel="email", to_address=address).order_by(
        OutboxMessage.id.desc()).first()
    assert message is not None and message.template == "password_reset_link"
    return re.search(r"https?://\S+/reset/[\w-]+", message.body_text).group(0)


def _ask(client, identifier):
    return client.post("/auth/reset", data={"identifier": identifier})


def _finish(client, code, password=NEW_PASSWORD, confirm=None):
    return client.post("/auth/reset/code", data={"code": code, "password": password, "confirm": confirm or password})


def test_customer_login_links_to_the_reset_page(client):
    html = client.get("/auth/login").get_data(as_text=True)
    assert 'href="/auth/reset"' in html and "فراموشی رمز عبور" in html
    assert 'name="identifier"' in client.get("/auth/reset").get_data(as_text=True)


def test_a_code_by_sms_sets_a_new_password_and_ends_every_other_session(app, client, customer, db):
    other = app.test_client()
    sign_in_customer(other, "zahra")
    assert other.get("/auth/login").status_code == 302  # signed in: the login page sends it home

    response = _ask(client, "۰۹۱۲ ۱۲۳ ۴۵۶۷")
    assert response.status_code == 302 and response.headers["Location"].endswith("/auth/reset/code")
    sms = db.session.query(OutboxMessage).filter_by(channel="sms").one()
    assert sms.to_address == "09121234567"
    assert re.search("\u2068[۰-۹]{6}\u2069", sms.body_text), sms.body_text  # Persian digits, isolated
    code = _sms_code(db, "09121234567")
    reset = db.session.query(PasswordReset).one()
    assert code not in reset.secret_hash and len(reset.secret_hash) == 64

    finished = _finish(client, to_persian(code))
    assert finished.status_code == 302
    assert other.get("/auth/login").status_code == 200  # the other browser was signed out
    assert "زهرا موسوی" in page_text(client.get("/"))  # this one is signed in
    assert sign_in_customer(app.test_client(), "zahra", TEST_PASSWORD).status_code == 200
    assert sign_in_customer(app.test_client(), "zahra", NEW_PASSWORD).status_code == 302


def to_persian(code):
    return code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def test_unknown_identifier_gets_the_same_answer_and_nothing_is_sent(app, client, customer, db):
    known = _ask(client, "zahra")
    unknown_client = app.test_client()
    unknown = _ask(unknown_client, "nobody-here")
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    assert page_text(client.get("/auth/reset/code")) == page_text(unknown_client.get("/auth/reset/code"))
    assert db.session.query(OutboxMessage).count() == 1
    refused = _finish(unknown_client, "123456")
    assert refused.status_code == 200
    assert "این کد درست نیست یا منقضی شده است" in page_text(refused)


def test_a_code_is_single_use(app, client, customer, db):
    _ask(client, "zahra")
    code = _sms_code(db, customer.mobile)
    with client.session_transaction() as session:
        reference = session["reset_reference"]
    assert _finish(client, code).status_code == 302
    replay = app.test_client()
    with replay.session_transaction() as session:
        session["reset_reference"] = reference
    response = _finish(replay, code, password="Another-Long-Phrase-9")
    assert response.status_code == 200 and "is-invalid" in response.get_data(as_text=True)
    assert sign_in_customer(app.test_client(), "zahra", NEW_PASSWORD).status_code == 302


def test_an_expired_code_is_refused(client, customer, db):
    _ask(client, "zahra")
    code = _sms_code(db, customer.mobile)
    reset = db.session.query(PasswordReset).one()
    assert timedelta(minutes=9) < reset.expires_at - reset.created_at <= timedelta(minutes=10)
    reset.expires_at = reset.created_at - timedelta(seconds=1)
    db.session.commit()
    assert _finish(client, code).status_code == 200
    assert sign_in_customer(client, "zahra", NEW_PASSWORD).status_code == 200


def test_five_wrong_codes_void_the_code(client, customer, db):
    _ask(client, "zahra")
    code = _sms_code(db, customer.mobile)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        assert _finish(client, wrong).status_code == 200
    assert _finish(client, code).status_code == 200  # the right code no longer works
    assert sign_in_customer(client, "zahra", NEW_PASSWORD).status_code == 200


def test_a_new_request_voids_the_earlier_code(client, customer, db):
    _ask(client, "zahra")
    first = _sms_code(db, customer.mobile)
    _ask(client, "zahra")
    second = _sms_code(db, customer.mobile)
    if first != second:
        assert _finish(client, first).status_code == 200
    assert _finish(client, second).status_code == 302


def test_a_weak_or_mismatched_password_keeps_the_code_usable(client, customer, db):
    _ask(client, "zahra")
    code = _sms_code(db, customer.mobile)
    weak = _finish(client, code, password="12345678")
    mismatched = _finish(client, code, password=NEW_PASSWORD, confirm=NEW_PASSWORD + "x")
    assert weak.status_code == mismatched.status_code == 200
    assert "دو گذرواژه یکی نیستند" in page_text(mismatched)
    assert _finish(client, code).status_code == 302


def test_without_a_mobile_a_link_goes_by_email_and_works_once(app, client, make_customer, db):
    make_customer(mobile=None, email="reza@example.ir", username="reza")
    _ask(client, "reza@example.ir")
    assert db.session.query(OutboxMessage).filter_by(channel="sms").count() == 0
    link = _mailed_link(db, "reza@example.ir")
    assert link.startswith("http://127.0.0.1:5000/auth/reset/")  # PORTAL_BASE_URL, not the request's host
    path = link.removeprefix("http://127.0.0.1:5000")
    reset = db.session.query(PasswordReset).one()
    assert timedelta(minutes=59) < reset.expires_at - reset.created_at <= timedelta(hours=1)
    assert path.rsplit("/", 1)[1] not in reset.secret_hash
    assert client.get(path).status_code == 200
    response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get(path).status_code == 404
    assert sign_in_customer(app.test_client(), "reza", NEW_PASSWORD).status_code == 302


def test_an_expired_link_is_refused(client, make_customer, db):
    make_customer(mobile=None, email="reza@example.ir", username="reza")
    _ask(client, "reza")
    path = "/auth/reset/" + _mailed_link(db, "reza@example.ir").rsplit("/", 1)[1]
    reset = db.session.query(PasswordReset).one()
    reset.expires_at = reset.created_at
    db.session.commit()
    assert client.get(path).status_code == 404
    assert client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 404


def test_staff_get_a_link_from_the_staff_login(app, client, make_staff, db):
    staff = make_staff(email="sara@pishkhan.test")
    assert 'href="/admin/reset"' in client.get("/admin/login").get_data(as_text=True)
    signed_in = app.test_client()
    sign_in_staff(signed_in, staff)
    response = client.post("/admin/reset", data={"identifier": "Sara@Pishkhan.test"})
    unknown = app.test_client().post("/admin/reset", data={"identifier": "nobody@pishkhan.test"})
    assert response.status_code == unknown.status_code == 302
    assert response.headers["Location"] == unknown.headers["Location"]
    path = "/admin/reset/" + _mailed_link(db, "sara@pishkhan.test").rsplit("/", 1)[1]
    assert client.get(path.replace("/admin/", "/auth/")).status_code == 404  # a staff link is not a customer's
    done = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"].endswith("/admin/login")
    assert signed_in.get("/admin/login").status_code == 200  # the old session has ended
    assert sign_in_staff(app.test_client(), staff, NEW_PASSWORD).status_code == 302
    sessions = db.session.query(AuthSession).filter_by(account_kind="staff", account_id=staff.id).order_by(AuthSession.id)
    assert [s.revoked_at is None for s in sessions] == [False, True]  # the one before, the one after the reset


@pytest.mark.app_config(RATELIMIT_ENABLED=True, PORTAL_RESET_RATE_LIMIT="2 per hour",
                        PORTAL_RESET_ADDRESS_RATE_LIMIT="100 per hour")
def test_requests_are_limited_per_account_whatever_identifier_is_typed(client, customer):
    assert _ask(client, "zahra").status_code == 302
    assert _ask(client, "+98 912 123 4567").status_code == 302
    assert _ask(client, "zahra@example.ir").status_code == 429
    assert _ask(client, "someone-else").status_code == 302


@pytest.mark.app_config(RATELIMIT_ENABLED=True, PORTAL_RESET_RATE_LIMIT="100 per hour",
                        PORTAL_RESET_ADDRESS_RATE_LIMIT="3 per hour", PORTAL_RESET_CODE_RATE_LIMIT="2 per hour")
def test_requests_and_codes_are_limited_per_address(client, customer):
    statuses = [_ask(client, f"user{n}").status_code for n in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert [_finish(client, "111111").status_code for _ in range(3)] == [200, 200, 429]
