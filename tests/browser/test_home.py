import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_home_is_persian_rtl_in_vazirmatn(live_server, page):
    page.goto(live_server + "/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "fa"
    page.evaluate("document.fonts.ready")
    body_font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert body_font.split(",")[0].strip("\"' ") == "Vazirmatn"
    # the font file was really fetched from the portal and used, not a fallback
    assert page.evaluate("document.fonts.check('16px Vazirmatn', 'پیشخوان')")
    assert page.evaluate("[...document.fonts].some(f => f.family.replace(/\"/g, '') === 'Vazirmatn' && f.status === 'loaded')")
    assert page.locator("h1").inner_text() == "چطور می‌توانیم کمکتان کنیم؟"
    assert screenshot(page, "home-fa").stat().st_size > 10_000


def test_language_switch_gives_english_ltr(live_server, page):
    page.goto(live_server + "/")
    page.click("text=English")
    assert page.get_attribute("html", "dir") == "ltr"
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("h1").inner_text() == "How can we help you?"


def test_phone_width_has_a_collapsed_menu(live_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(live_server + "/")
    assert page.locator(".navbar-toggler").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "home-phone")
    context.close()
