"""A security key in Chromium: its virtual authenticator (DevTools' WebAuthn domain) is added at
/admin/two-factor/keys/ and then answers the second sign-in step, through static/js/security-keys.js."""
import re
import time

import pyotp
import pytest
from playwright.sync_api import expect

from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


def _sign_in(page, base, staff, secret=None):
    page.goto(base + "/admin/login")
    page.fill("input[name=identifier]", staff.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/admin/two-factor/$"))
    if secret:
        page.fill("input[name=code]", pyotp.TOTP(secret).at(time.time() + 30))  # enrolment spent this step's
        page.locator("form button[type=submit]").first.click()
        expect(page).to_have_url(re.compile(r"/admin/$"))


def test_a_key_is_added_and_signs_in(live_server, page, app, make_staff):
    from portal.accounts import two_factor

    # WebAuthn wants a domain, not an IP address: the same server under the name localhost.
    base = live_server.replace("127.0.0.1", "localhost")
    app.config["PORTAL_BASE_URL"] = base
    staff = make_staff(role="admin")
    enrolment = two_factor.start_enrolment(staff)
    assert two_factor.confirm_enrolment(staff, pyotp.TOTP(enrolment.secret).now())
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "usb", "hasResidentKey": False, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True}})

    _sign_in(page, base, staff, enrolment.secret)  # with the app first, then with the key
    page.goto(base + "/admin/two-factor/keys/")
    page.fill("input[name=name]", "کلید آزمایشی")
    page.locator(".security-key-register button[type=submit]").click()
    expect(page.locator(".list-group-item")).to_contain_text("کلید آزمایشی")

    page.context.clear_cookies()
    _sign_in(page, base, staff)
    page.locator(".security-key-sign-in button").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
