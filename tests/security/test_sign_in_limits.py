"""Sign-in limits: failures count per address and per account, successes never; nobody locks out the owner."""
import logging

import pytest

from portal.accounts import throttle
from tests.conftest import TEST_PASSWORD

LIMITED = dict(RATELIMIT_ENABLED=True, PORTAL_LOGIN_RATE_LIMIT="10 per minute",
               PORTAL_LOGIN_ACCOUNT_RATE_LIMIT="15 per hour", PORTAL_LOGIN_ACCOUNT_DELAY=0)


def _post(client, url, identifier, password, address):
    return client.post(url, data={"identifier": identifier, "password": password},
                       environ_base={"REMOTE_ADDR": address})


@pytest.mark.app_config(**LIMITED)
def test_successful_sign_ins_do_not_count(app, make_customer):
    customer = make_customer()
    statuses = [_post(app.test_client(), "/auth/login", customer.mobile, TEST_PASSWORD, "10.0.0.1").status_code
                for _ in range(12)]
    assert statuses == [302] * 12  # a busy office behind one address


@pytest.mark.app_config(**LIMITED)
def test_failures_lock_the_address_not_the_owner(app, make_customer):
    customer = make_customer()
    attacker = app.test_client()
    statuses = [_post(attacker, "/auth/login", customer.mobile, "wrong-guess", "203.0.113.9").status_code
                for _ in range(11)]
    assert statuses == [200] * 10 + [429]
    assert _post(attacker, "/auth/login", customer.mobile, TEST_PASSWORD, "203.0.113.9").status_code == 429
    owner = app.test_client()
    assert _post(owner, "/auth/login", customer.mobile, TEST_PASSWORD, "10.0.0.7").status_code == 302


def test_every_spelling_of_an_identifier_is_one_account(app, make_customer):
    customer = make_customer(mobile="09351112233", national_code="0012345679", email="owner@example.ir",
                             username="owner")
    spellings = ["09351112233", "+989351112233", "0935 111 2233", "۰۹۳۵۱۱۱۲۲۳۳", "٠٩٣٥١١١٢٢٣٣",
                 "0935-111-2233", "0935\u200c111\u200d2233", "98 935 111 2233", "0012345679", "OWNER@Example.ir",
                 "Owner", customer.number]
    assert {throttle.customer_key(s) for s in spellings} == {f"login-account:customer:{customer.id}"}
    # An identifier that names nobody is still one key however it is written.
    assert throttle.customer_key("09350000000") == throttle.customer_key("+98 935 000 0000")
    assert throttle.staff_key(" Admin@Pishkhan.TEST ") == throttle.staff_key("admin@pishkhan.test")


@pytest.mark.app_config(**LIMITED)
def test_guesses_from_many_addresses_slow_the_account_down_without_locking_it(app, make_customer, caplog):
    customer = make_customer(mobile="09351112233")
    spellings = ["+989351112233", "0935 111 2233", "۰۹۳۵۱۱۱۲۲۳۳", "0935\u200c1112233", "98 935 111 2233"]
    for n in range(15):  # 15 addresses, 5 spellings: each address stays under its own limit
        response = _post(app.test_client(), "/auth/login", spellings[n % 5], "wrong-guess", f"198.51.100.{n}")
        assert response.status_code == 200
    with caplog.at_level(logging.WARNING, logger=app.logger.name):
        owner = _post(app.test_client(), "/auth/login", "09351112233", TEST_PASSWORD, "10.0.0.7")
    assert owner.status_code == 302  # a delay, not a lock
    assert any(f"login-account:customer:{customer.id}" in r.getMessage() and "slowed down" in r.getMessage()
               for r in caplog.records)


@pytest.mark.app_config(**LIMITED)
def test_staff_sign_in_counts_failures_per_address_and_account(app, make_staff, caplog):
    staff = make_staff(role="agent")
    for n in range(15):
        assert _post(app.test_client(), "/admin/login", staff.email.upper(), "wrong", f"198.51.100.{n}").status_code == 200
    with caplog.at_level(logging.WARNING, logger=app.logger.name):
        assert _post(app.test_client(), "/admin/login", staff.email, TEST_PASSWORD, "10.0.0.8").status_code == 302
    assert any("slowed down" in r.getMessage() for r in caplog.records)
    good = [_post(app.test_client(), "/admin/login", staff.email, TEST_PASSWORD, "10.0.0.9").status_code
            for _ in range(12)]
    assert good == [302] * 12
