import pytest

from portal.audit import AuditEntry
from portal.persian import to_persian_digits
from tests.conftest import TEST_PASSWORD, page_text, sign_in_customer, sign_in_staff


@pytest.fixture
def customer(make_customer):
    return make_customer(full_name="زهرا موسوی", mobile="09121234567", national_code="0012345679",
                         email="Zahra@Example.ir", username="Zahra")


@pytest.mark.parametrize("identifier", [
    "customer_number", "09121234567", "۰۹۱۲۱۲۳۴۵۶۷", "+98 912 123 4567", "0012345679", "۰۰۱۲۳۴۵۶۷۹",
    "zahra@example.ir", "ZAHRA@example.IR", "zahra", "Zahra",
])
def test_customer_signs_in_with_any_identifier(client, customer, identifier):
    if identifier == "customer_number":
        identifier = to_persian_digits(customer.number)
    response = sign_in_customer(client, identifier)
    assert response.status_code == 302
    home = client.get("/")
    assert "زهرا موسوی" in page_text(home)


def test_wrong_password_and_unknown_identifier_get_the_same_answer(client, customer):
    wrong = sign_in_customer(client, "09121234567", "not-the-password")
    unknown = sign_in_customer(client, "09129999999", TEST_PASSWORD)
    assert wrong.status_code == unknown.status_code == 200
    message = "شناسه یا گذرواژه درست نیست."
    assert message in page_text(wrong) and message in page_text(unknown)
    assert page_text(wrong).replace("09121234567", "X") == page_text(unknown).replace("09129999999", "X")


def test_failed_and_successful_logins_are_audited(client, customer, db):
    sign_in_customer(client, "09121234567", "wrong-password")
    sign_in_customer(client, "09121234567")
    actions = [e.action for e in db.session.query(AuditEntry).order_by(AuditEntry.id)]
    assert actions[-2:] == ["login.failed", "login.succeeded"]


@pytest.mark.parametrize("target,expected", [
    ("/tickets/", "/tickets/"),
    ("https://evil.example/", "/"),
    ("//evil.example/", "/"),
    ("/\\evil.example", "/"),
    ("javascript:alert(1)", "/"),
])
def test_next_accepts_only_local_paths(client, customer, target, expected):
    response = client.post("/auth/login", query_string={"next": target},
                           data={"identifier": "zahra", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"].removeprefix("http://portal.test") == expected


def test_session_is_renewed_at_login(client, customer):
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
        session["lang"] = "en"
    sign_in_customer(client, "zahra")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["lang"] == "en"
        assert session["_user_id"].startswith("customer:")


def test_logout_is_a_post_and_ends_the_session(client, customer):
    sign_in_customer(client, "zahra")
    assert client.get("/auth/logout").status_code == 405
    client.post("/auth/logout")
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_post_without_csrf_token_is_refused(client, customer):
    response = client.post("/auth/login", data={"identifier": "zahra", "password": TEST_PASSWORD,
                                                "csrf_token": "forged"})
    assert response.status_code == 400


def test_customer_cannot_use_staff_login(client, customer):
    response = sign_in_staff(client, "zahra@example.ir")
    assert response.status_code == 200
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_staff_signs_in_at_admin_login(client, make_staff):
    staff = make_staff(role="admin", email="Boss@Pishkhan.test")
    response = sign_in_staff(client, "boss@pishkhan.test")
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert session["_user_id"] == f"staff:{staff.id}:{staff.auth_version}"


def test_disabled_staff_session_is_refused_on_next_request(client, make_staff, db):
    staff = make_staff(role="admin", full_name="کارمند غیرفعال")
    sign_in_staff(client, staff)
    assert "کارمند غیرفعال" in page_text(client.get("/"))
    staff.active = False
    db.session.commit()
    page = page_text(client.get("/"))
    assert "کارمند غیرفعال" not in page and "ورود" in page


def test_new_password_ends_other_sessions(client, customer, db):
    from portal.accounts.services import load_principal, set_password

    sign_in_customer(client, "zahra")
    with client.session_transaction() as session:
        user_id = session["_user_id"]
    assert load_principal(user_id) == customer
    set_password(customer, "Another-Pass-99")
    assert load_principal(user_id) is None


@pytest.mark.app_config(RATELIMIT_ENABLED=True)
def test_login_is_rate_limited(client, customer):
    statuses = [sign_in_customer(client, "zahra", "wrong-password").status_code for _ in range(12)]
    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [429, 429]
    assert "تلاش‌های زیادی" in page_text(sign_in_customer(client, "zahra"))


def test_passwords_are_hashed_with_argon2(customer):
    assert customer.password_hash.startswith("$argon2id$")
    assert TEST_PASSWORD not in customer.password_hash


@pytest.mark.app_config(PORTAL_PASSWORD_HASH_PROFILE="RFC_9106_LOW_MEMORY")
def test_production_cost_and_upgrade_of_cheaper_hashes_at_login(app, client, db):
    from portal.accounts.passwords import _hasher_for
    from portal.accounts.services import create_customer

    customer = create_customer(full_name="مشتری قدیمی", mobile="09121110000", password=TEST_PASSWORD)
    assert "m=65536,t=3,p=4" in customer.password_hash
    customer.password_hash = _hasher_for("CHEAPEST")[0].hash(TEST_PASSWORD)  # made before the cost was raised
    db.session.commit()
    assert sign_in_customer(client, "09121110000").status_code == 302
    db.session.refresh(customer)
    assert "m=65536,t=3,p=4" in customer.password_hash
