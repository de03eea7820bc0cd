"""Sessions kept on the server: a copied cookie stops working at sign-out, password change and disabling."""
from portal.accounts.auth_models import AuthSession
from tests.conftest import sign_in_customer, sign_in_staff


def _copy_cookie(app, source):
    """Another browser holding a copy of source's session cookie."""
    thief = app.test_client()
    cookie = source.get_cookie("session", domain=app.config["SERVER_NAME"])
    thief.set_cookie(cookie.key, cookie.value, domain=cookie.domain)
    return thief


def _signed_in(client):
    return client.get("/account/").status_code == 200


def test_a_copied_cookie_no_longer_works_after_sign_out(app, make_customer):
    customer = make_customer()
    browser = app.test_client()
    sign_in_customer(browser, customer.mobile)
    thief = _copy_cookie(app, browser)
    assert _signed_in(thief)
    browser.post("/auth/logout")
    assert not _signed_in(thief)


def test_staff_sign_out_ends_the_session_on_the_server(app, make_staff):
    staff = make_staff()
    browser = app.test_client()
    sign_in_staff(browser, staff)
    thief = _copy_cookie(app, browser)
    assert thief.get("/admin/login").status_code == 302  # signed in: sent on to the back office
    browser.post("/admin/logout")
    assert thief.get("/admin/login").status_code == 200


def test_a_session_row_records_who_where_and_with_what(app, make_customer, db):
    customer = make_customer()
    browser = app.test_client()
    browser.post("/auth/login", data={"identifier": customer.mobile, "password": "Sabz-Kooh-1405"},
                 headers={"User-Agent": "Firefox/140 test"}, environ_base={"REMOTE_ADDR": "10.1.2.3"})
    row = db.session.query(AuthSession).one()
    assert (row.account_kind, row.account_id, row.ip_address, row.user_agent) == (
        "customer", customer.id, "10.1.2.3", "Firefox/140 test")
    assert row.revoked_at is None and row.created_at and row.last_seen_at
    with browser.session_transaction() as session:
        assert session["_sid"] not in row.token_hash  # only the hash is stored


def test_disabling_an_account_ends_its_sessions(app, make_customer, db):
    customer = make_customer()
    browser = app.test_client()
    sign_in_customer(browser, customer.mobile)
    customer.active = False
    db.session.commit()
    assert db.session.query(AuthSession).one().revoked_at is not None
    customer.active = True  # enabled again: the old session stays ended
    db.session.commit()
    assert not _signed_in(browser)


def test_a_session_row_without_its_account_session_is_refused(app, make_customer, db):
    """A cookie whose session row was deleted (or forged with another token) is not signed in."""
    customer = make_customer()
    browser = app.test_client()
    sign_in_customer(browser, customer.mobile)
    with browser.session_transaction() as session:
        session["_sid"] = "forged-token"
    assert not _signed_in(browser)
