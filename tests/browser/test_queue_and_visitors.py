"""In Chromium: on a phone, the agent queue marks the tickets a customer has written to since the agent last
opened them, and opening one clears its mark; a visitor sees no "My tickets" and, sent to sign in, is told why.
Every page passes axe with no critical or serious issue."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal.models_base import utcnow
from tests.browser.conftest import assert_no_serious_axe_violations, screenshot
from tests.browser.test_tickets import sign_in

pytestmark = pytest.mark.browser


def test_phone_queue_marks_what_the_customer_wrote_until_the_agent_opens_it(live_server, browser, make_staff,
                                                                           make_ticket, make_department,
                                                                           make_category, db):
    technical = make_department(code="technical", name="پشتیبانی فنی")
    topic = make_category(department=technical)
    make_ticket(category=topic, subject="مودم روشن نمی‌شود", sla_due_at=utcnow() + timedelta(hours=2))
    make_ticket(category=topic, subject="فاکتور اشتباه", sla_due_at=utcnow() + timedelta(hours=3))
    make_staff(role="agent", departments=[technical], email="sara@pishkhan.test")
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="fa-IR")
    phone = context.new_page()
    sign_in(phone, live_server + "/admin/login", "sara@pishkhan.test")
    phone.goto(live_server + "/admin/tickets/")

    modem = phone.locator(".queue-cards li").filter(has_text="مودم روشن نمی‌شود")
    invoice = phone.locator(".queue-cards li").filter(has_text="فاکتور اشتباه")
    expect(modem.locator(".unread-mark")).to_be_visible()
    expect(modem.locator(".unread-mark")).to_contain_text("پیام تازه")
    expect(modem.locator(".unread-mark .visually-hidden")).to_have_text("مشتری پس از آخرین بار که دیدید پیام تازه‌ای نوشته است")
    expect(invoice.locator(".unread-mark")).to_be_visible()
    phone.wait_for_function("document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_serious_axe_violations(phone)
    screenshot(phone, "queue-phone-unread")

    modem.locator("a").click()
    expect(phone.locator("h1")).to_contain_text("مودم روشن نمی‌شود")
    phone.goto(live_server + "/admin/tickets/")
    expect(modem).to_be_visible()
    expect(modem.locator(".unread-mark")).to_have_count(0)
    expect(invoice.locator(".unread-mark")).to_be_visible()
    context.close()


def test_a_visitor_has_no_my_tickets_and_is_told_why_to_sign_in(live_server, page):
    page.goto(live_server + "/")
    nav = page.locator("nav")
    expect(nav.get_by_role("link", name="تیکت جدید")).to_be_attached()
    expect(nav.get_by_role("link", name="تیکت‌های من")).to_have_count(0)
    page.goto(live_server + "/tickets/")
    expect(page).to_have_url(f"{live_server}/auth/login?next=/tickets/")
    expect(page.get_by_role("alert")).to_contain_text("برای دیدن تیکت‌هایتان وارد شوید.")
    assert_no_serious_axe_violations(page)
