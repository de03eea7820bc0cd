import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_serious_axe_violations, screenshot

pytestmark = pytest.mark.browser


def test_home_is_persian_rtl_in_vazirmatn(live_server, page):
    page.goto(live_server + "/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "fa")
    page.evaluate("document.fonts.ready")
    expect(page.locator("body")).to_have_css("font-family", re.compile(r"^[\"']?Vazirmatn[\"']?,"))
    # the font file was really fetched from the portal and used, not a fallback
    page.wait_for_function("document.fonts.check('16px Vazirmatn', 'پیشخوان')")
    page.wait_for_function("[...document.fonts].some(f => f.family.replace(/\"/g, '') === 'Vazirmatn' && f.status === 'loaded')")
    expect(page.locator("h1")).to_have_text("چطور می‌توانیم کمکتان کنیم؟")
    assert_no_serious_axe_violations(page)
    assert screenshot(page, "home-fa").stat().st_size > 10_000


def test_language_switch_gives_english_ltr(live_server, page):
    page.goto(live_server + "/")
    page.click("text=English")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("How can we help you?")
    assert_no_serious_axe_violations(page)


def test_phone_width_has_a_collapsed_menu(live_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(live_server + "/")
    expect(page.locator(".navbar-toggler")).to_be_visible()
    page.wait_for_function("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "home-phone")
    context.close()
