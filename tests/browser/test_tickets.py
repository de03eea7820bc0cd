"""A ticket end to end in Chromium: the customer opens it with a file; the agent answers with a canned reply
whose placeholders the page fills in; the customer sees the answer, marked as new in the list."""
import pytest

from tests.browser.conftest import screenshot
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, url, identifier):
    page.goto(url)
    page.fill("input[name=identifier]", identifier)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main button[type=submit]")


def test_ticket_round_trip(live_server, browser, make_customer, make_staff, make_department, make_category, db,
                           tmp_path):
    from portal.tickets.models import CannedReply

    technical = make_department(code="technical", name="پشتیبانی فنی")
    make_category(name="قطعی اینترنت", department=technical)
    make_staff(role="agent", departments=[technical], email="sara@pishkhan.test", full_name="سارا محمدی")
    make_customer(full_name="زهرا موسوی", mobile="09121234567")
    db.session.add(CannedReply(title="درخواست تست سرعت", body="{customer_name} عزیز، تیکت {ticket_number} را بررسی می‌کنیم."))
    db.session.commit()
    log = tmp_path / "modem.log"
    log.write_text("ping timeout")

    customer = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fa-IR").new_page()
    sign_in(customer, live_server + "/auth/login", "۰۹۱۲۱۲۳۴۵۶۷")
    customer.goto(live_server + "/tickets/new")
    customer.fill("input[name=subject]", "اینترنت قطع است")
    customer.select_option("select[name=category]", label="قطعی اینترنت")
    customer.fill("textarea[name=body]", "از صبح وصل نمی‌شود.")
    customer.set_input_files("input[name=attachments]", str(log))
    customer.click("main form button[type=submit]")
    customer.wait_for_url("**/tickets/*-*")
    number = customer.url.rsplit("/", 1)[1]
    assert customer.locator("h1").inner_text() == "اینترنت قطع است"
    assert customer.locator(".attachments a").inner_text().strip().endswith("modem.log")
    screenshot(customer, "ticket-customer-new")

    agent = browser.new_context(viewport={"width": 1400, "height": 900}, locale="fa-IR").new_page()
    sign_in(agent, live_server + "/admin/login", "sara@pishkhan.test")
    agent.goto(live_server + "/admin/tickets/")
    agent.click(f"a[href='/admin/tickets/{number}']")
    agent.select_option("#canned", label="درخواست تست سرعت")
    assert agent.input_value("textarea[name=body]") == f"زهرا موسوی عزیز، تیکت {number} را بررسی می‌کنیم."
    screenshot(agent, "ticket-agent")
    with agent.expect_navigation():
        agent.click("#reply button[type=submit]")
    assert agent.locator(".alert-success").count() == 1

    customer.goto(live_server + "/tickets/")
    assert customer.locator(".unread").count() == 1
    customer.click(".unread")
    assert "زهرا موسوی عزیز" in customer.locator(".thread").inner_text()
    screenshot(customer, "ticket-customer-answered")
