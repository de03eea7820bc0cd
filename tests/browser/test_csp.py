"""In Chromium, with the Content-Security-Policy enforced: confirmations and FAQ suggestions still work."""
import pytest
from playwright.sync_api import expect

from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


def _sign_in(page, url, identifier):
    page.goto(url)
    page.fill("input[name=identifier]", identifier)
    page.fill("input[name=password]", TEST_PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def test_confirmations_and_suggestions_work_under_the_policy(live_server, page, make_customer, make_ticket,
                                                             make_category, db):
    from portal.faq import services as faq

    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    category = faq.create_category(name="اینترنت")
    faq.create_article(category=category, question="اینترنتم قطع شده است؛ چه کنم؟",
                       answer="مودم را خاموش و روشن کنید.", status="published")
    customer = make_customer()
    ticket = make_ticket(customer=customer)
    _sign_in(page, live_server + "/auth/login", customer.mobile)

    page.goto(f"{live_server}/tickets/{ticket.number}")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="مشکلم حل شد").click()
    expect(page.get_by_role("button", name="مشکلم حل شد")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="مشکلم حل شد").click()
    expect(page.locator(".alert-success")).to_be_visible()

    page.goto(live_server + "/tickets/new")
    page.locator("input[name=subject]").press_sequentially("اینترنت قطع", delay=30)
    expect(page.locator("#faq-suggestions")).to_contain_text("اینترنتم قطع شده است")
    assert violations == []
