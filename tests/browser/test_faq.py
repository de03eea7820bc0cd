import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_serious_axe_violations, screenshot

pytestmark = pytest.mark.browser


def test_home_search_with_arabic_letters_finds_the_persian_article(live_server, page, db):
    from portal.faq import services

    category = services.create_category(name="اینترنت و قطعی")
    services.create_article(category=category, question="اینترنتم قطع شده است؛ چه کنم؟",
                            answer="مودم را خاموش و روشن کنید.", status="published")
    services.create_article(category=category, question="تنظیم ایمیل در موبایل", answer="درگاه ۹۹۳", status="published")
    page.goto(live_server + "/")
    page.fill("input[name=q]", "اينترنت قطع")  # Arabic yeh, as old keyboards type it
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/faq/search?q=*")
    results = page.locator(".search-results li")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("اینترنتم قطع شده است")
    expect(page.locator(".search-results mark").first).to_be_visible()
    screenshot(page, "faq-search-fa")
    results.first.locator("a").first.click()
    expect(page.locator("h1")).to_have_text("اینترنتم قطع شده است؛ چه کنم؟")


def test_suggestions_follow_pasted_text_not_only_key_presses(live_server, page, make_customer, make_category, db):
    """fill() sets the value with one input event and no key press, as paste, dictation and autofill do."""
    from portal.faq import services

    make_category(name="قطعی اینترنت")
    category = services.create_category(name="اینترنت")
    services.create_article(category=category, question="اینترنتم قطع شده است؛ چه کنم؟",
                            answer="مودم را خاموش و روشن کنید.", status="published")
    customer = make_customer()
    page.goto(live_server + "/auth/login")
    page.fill("input[name=identifier]", customer.mobile)
    page.fill("input[name=password]", "Sabz-Kooh-1405")
    page.click("main button[type=submit]")
    page.goto(live_server + "/tickets/new")
    page.fill("input[name=subject]", "اینترنت قطع")
    expect(page.locator("#faq-suggestions")).to_contain_text("اینترنتم قطع شده است")
    assert_no_serious_axe_violations(page)
