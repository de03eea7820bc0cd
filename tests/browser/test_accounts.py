"""Accounts in Chromium: password recovery by SMS code, registration with the mobile proven, the account page,
and digits that follow the language of each page. axe-core finds no critical or serious problem on any of them."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_serious_axe_violations, outbox_code, screenshot
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Gol-Sorkh-Tabriz-58"


def test_password_reset_by_sms_code(live_server, page, make_customer, db):
    make_customer(full_name="زهرا موسوی", mobile="09121234567")
    page.goto(live_server + "/auth/login")
    assert_no_serious_axe_violations(page)
    page.get_by_role("link", name="فراموشی رمز عبور").click()
    expect(page).to_have_url(re.compile(r"/auth/reset$"))
    expect(page.locator("h1")).to_have_text("گذرواژه‌تان را فراموش کرده‌اید؟")
    assert_no_serious_axe_violations(page)
    page.fill("input[name=identifier]", "۰۹۱۲ ۱۲۳ ۴۵۶۷")
    page.get_by_role("button", name="ارسال").click()
    expect(page).to_have_url(re.compile(r"/auth/reset/code$"))
    expect(page.locator("input[name=code]")).to_be_focused()
    assert_no_serious_axe_violations(page)
    page.fill("input[name=code]", "000000" if outbox_code(db, "password_reset_code", "09121234567") != "000000"
              else "111111")
    page.fill("input[name=password]", NEW_PASSWORD)
    page.fill("input[name=confirm]", NEW_PASSWORD)
    page.get_by_role("button", name="ثبت گذرواژه‌ی تازه").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("این کد درست نیست یا منقضی شده است")
    assert_no_serious_axe_violations(page)
    page.fill("input[name=code]", outbox_code(db, "password_reset_code", "09121234567"))
    page.fill("input[name=password]", NEW_PASSWORD)
    page.fill("input[name=confirm]", NEW_PASSWORD)
    page.get_by_role("button", name="ثبت گذرواژه‌ی تازه").click()
    expect(page.locator(".alert-success")).to_contain_text("گذرواژه‌ی تازه‌تان ثبت شد")
    expect(page.locator("nav")).to_contain_text("زهرا موسوی")
    screenshot(page, "reset-done")


def test_registration_proves_the_mobile_before_tickets(live_server, page, db):
    page.goto(live_server + "/auth/register")
    expect(page.locator("input[name=mobile]")).to_have_attribute("placeholder", "۰۹۱۲۱۲۳۴۵۶۷")
    assert_no_serious_axe_violations(page)
    page.fill("input[name=full_name]", "علی رضایی")
    page.fill("input[name=mobile]", "۰۹۳۵ ۱۲۳ ۴۵۶۷")
    page.fill("input[name=password]", "123")
    page.fill("input[name=confirm]", "456")
    page.get_by_role("button", name="ساخت حساب کاربری").click()
    expect(page.locator(".invalid-feedback")).to_have_count(2)  # every error at once
    expect(page.locator("input[name=password]")).to_be_focused()  # the first one has the cursor
    assert_no_serious_axe_violations(page)
    page.fill("input[name=password]", "Kooh-Damavand-5671")
    page.fill("input[name=confirm]", "Kooh-Damavand-5671")
    page.get_by_role("button", name="ساخت حساب کاربری").click()
    expect(page).to_have_url(re.compile(r"/auth/verify/$"))
    expect(page.locator(".alert-success")).to_contain_text(re.compile("[۰-۹]{8}"))  # the customer number
    assert_no_serious_axe_violations(page)
    page.goto(live_server + "/tickets/new")
    expect(page).to_have_url(re.compile(r"/auth/verify/$"))
    page.fill("input[name=code]", outbox_code(db, "verify_mobile_code", "09351234567"))
    page.get_by_role("button", name="تأیید", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("موبایل شما تأیید شد")
    page.goto(live_server + "/tickets/new")
    expect(page).to_have_url(re.compile(r"/tickets/new$"))


def test_account_page_and_sign_out_everywhere(live_server, browser, page, make_customer):
    customer = make_customer(full_name="زهرا موسوی")
    other = browser.new_context(locale="fa-IR").new_page()
    for p in (other, page):
        p.goto(live_server + "/auth/login")
        p.fill("input[name=identifier]", customer.mobile)
        p.fill("input[name=password]", TEST_PASSWORD)
        p.get_by_role("button", name="ورود").click()
        expect(p.locator("nav")).to_contain_text("زهرا موسوی")
    page.get_by_role("link", name="حساب من").click()
    expect(page.locator("h1")).to_have_text("حساب من")
    expect(page.locator(".sessions li")).to_have_count(2)
    expect(page.locator(".sessions")).to_contain_text("همین مرورگر")
    assert_no_serious_axe_violations(page)
    page.fill("input[name=full_name]", "زهرا موسوی‌نژاد")
    page.locator("form[action$='/account/name'] button").click()
    expect(page.locator(".alert-success")).to_contain_text("نام شما تغییر کرد")
    page.select_option("select[name=locale]", "en")
    page.locator("form[action$='/account/preferences'] button").click()
    expect(page.locator("select[name=locale]")).to_have_value("en")
    screenshot(page, "account")
    page.get_by_role("button", name="خروج از همه‌جا").click()
    expect(page).to_have_url(re.compile(r"/auth/login"))
    other.reload()
    expect(other.locator("nav")).not_to_contain_text("زهرا")
    other.context.close()


@pytest.mark.parametrize("first, then", [("en", "fa"), ("fa", "en")])
def test_digits_follow_the_language_of_each_page(live_server, page, first, then):
    expected = {"fa": "۰۹۱۲۱۲۳۴۵۶۷", "en": "09121234567"}
    for lang in (first, then):
        page.goto(f"{live_server}/lang/{lang}?next=/auth/register")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.locator("input[name=mobile]")).to_have_attribute("placeholder", expected[lang])
        assert_no_serious_axe_violations(page)
