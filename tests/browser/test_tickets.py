"""A ticket end to end in Chromium: the customer opens it with a file; the agent answers with a canned reply
whose placeholders the page fills in; the customer sees the answer, marked as new in the list, with the ticket
number in the right order inside the Persian sentence. Every page passes axe with no critical or serious issue."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_serious_axe_violations, screenshot
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser

# Left edges of the first and the last character of the number inside the message: in reading order
# (left to right for an isolated number) the first is left of the last.
_NUMBER_ORDER_JS = """([selector, number]) => {
  const walker = document.createTreeWalker(document.querySelector(selector), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, at = node.data.indexOf(number);
    if (at < 0) continue;
    const box = (i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                         return r.getBoundingClientRect().left; };
    return box(at) < box(at + number.length - 1);
  }
  return null;
}"""


def to_persian(text):
    return text.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def sign_in(page, url, identifier):
    page.goto(url)
    page.fill("input[name=identifier]", identifier)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("form[action$='/logout']")).to_be_attached()


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
    assert_no_serious_axe_violations(customer)
    customer.fill("input[name=subject]", "اینترنت قطع است")
    customer.select_option("select[name=category]", label="قطعی اینترنت")
    customer.fill("textarea[name=body]", "از صبح وصل نمی‌شود.")
    customer.set_input_files("input[name=attachments]", str(log))
    customer.click("main form button[type=submit]")
    customer.wait_for_url("**/tickets/*-*")
    number = customer.url.rsplit("/", 1)[1]
    expect(customer.locator("h1")).to_have_text("اینترنت قطع است")
    expect(customer.locator(".attachments a")).to_have_text(re.compile(r"modem\.log\s*$"))
    assert_no_serious_axe_violations(customer)
    screenshot(customer, "ticket-customer-new")

    agent = browser.new_context(viewport={"width": 1400, "height": 900}, locale="fa-IR").new_page()
    sign_in(agent, live_server + "/admin/login", "sara@pishkhan.test")
    agent.goto(live_server + "/admin/tickets/")
    assert_no_serious_axe_violations(agent)
    agent.get_by_role("link", name="اینترنت قطع است").click()  # the visible link: the table, at this width
    expect(agent.locator("#canned")).to_be_visible()
    agent.wait_for_load_state("load")  # the deferred script that fills the reply listens from here on
    agent.select_option("#canned", label="درخواست تست سرعت")
    filled = f"زهرا موسوی عزیز، تیکت \u2068{to_persian(number)}\u2069 را بررسی می‌کنیم."
    expect(agent.locator("textarea[name=body]")).to_have_value(filled)
    assert_no_serious_axe_violations(agent)
    screenshot(agent, "ticket-agent")
    agent.get_by_role("button", name="پاسخ به مشتری").click()
    expect(agent.locator(".alert-success")).to_have_count(1)

    customer.goto(live_server + "/tickets/")
    expect(customer.locator(".unread")).to_have_count(1)
    assert_no_serious_axe_violations(customer)
    customer.click(".unread")
    expect(customer.locator(".thread")).to_contain_text("زهرا موسوی عزیز")
    expect(customer.locator(".thread")).to_contain_text(to_persian(number))
    in_order = customer.evaluate(_NUMBER_ORDER_JS, [".thread li:last-child .message-body", to_persian(number)])
    assert in_order is True, "the ticket number is shown reversed inside the Persian sentence"
    screenshot(customer, "ticket-customer-answered")


def test_phone_sized_queue_is_a_card_list_with_due_time_and_priority(live_server, browser, make_staff, make_ticket,
                                                                    make_department, make_category, db):
    technical = make_department(code="technical", name="پشتیبانی فنی")
    from datetime import timedelta

    from portal.models_base import utcnow

    make_ticket(category=make_category(department=technical), subject="مودم روشن نمی‌شود", priority="urgent",
                sla_due_at=utcnow() + timedelta(hours=2))
    make_staff(role="agent", departments=[technical], email="sara@pishkhan.test")
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="fa-IR")
    phone = context.new_page()
    sign_in(phone, live_server + "/admin/login", "sara@pishkhan.test")
    phone.goto(live_server + "/admin/tickets/")
    card = phone.locator(".queue-cards li").filter(has_text="مودم روشن نمی‌شود")
    expect(card).to_be_visible()
    expect(card.locator(".due")).to_be_visible()
    expect(card.locator(".badge").first).to_be_visible()
    expect(phone.locator(".queue-table")).to_be_hidden()
    phone.wait_for_function("document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_serious_axe_violations(phone)
    screenshot(phone, "queue-phone")
    context.close()
