"""Automated notices speak the recipient's language: staff notices the installation's (staff have no language
of their own), contract notices and greetings the customer's, with the digits of that language."""
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from portal.automations import agent_notices, contracts, escalation, followups, greetings
from portal.automations.notices import KINDS, save_prefs
from portal.customers.models import SupportContract
from portal.models_base import utcnow
from portal.notify.models import OutboxMessage
from portal.tickets.services import feedback, workflow
from tests.notify.languages import assert_speaks

pytestmark = pytest.mark.app_config(PORTAL_COMPANY_NAME="Sabz Net")

NOW = datetime(2026, 12, 1, 9, 0)  # a Tuesday, 12:30 in Tehran: business hours
LANGUAGES = [pytest.param("en", marks=pytest.mark.app_config(BABEL_DEFAULT_LOCALE="en"), id="en"),
             pytest.param("fa", marks=pytest.mark.app_config(BABEL_DEFAULT_LOCALE="fa"), id="fa")]


def messages(db, *templates):
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.template.in_(templates))
                                   .order_by(OutboxMessage.id)))


@pytest.fixture
def desk(make_department, make_category, make_staff, make_customer):
    department = make_department(name="Billing")
    return {"category": make_category(name="Invoices", department=department),
            "agent": make_staff(role="agent", departments=[department], full_name="Reza Karimi"),
            "supervisor": make_staff(role="supervisor", departments=[department], full_name="Mina Rostami"),
            "customer": make_customer(full_name="Sara Ahmadi")}


@pytest.mark.parametrize("channel", ["email", "sms"])
@pytest.mark.parametrize("locale", LANGUAGES)
def test_staff_notices_speak_the_installations_language(db, desk, make_ticket, locale, channel):
    agent, supervisor, customer = desk["agent"], desk["supervisor"], desk["customer"]
    if channel == "sms":
        save_prefs(agent, mobile="09120000001", choices=dict.fromkeys(KINDS, "sms"))
        save_prefs(supervisor, mobile="09120000002", choices=dict.fromkeys(KINDS, "sms"))

    def ticket(subject, **fields):
        return make_ticket(customer=customer, category=desk["category"], subject=subject, body="Hello", **fields)

    soon = ticket("Modem keeps dropping", status="open", assignee_id=agent.id, sla_due_at=NOW + timedelta(minutes=40))
    late = ticket("Invoice is wrong", status="new", sla_due_at=NOW - timedelta(minutes=1))
    assert escalation.run(NOW) == "1 warned, 1 breached"

    waiting = ticket("Router settings", status="waiting", assignee_id=agent.id)
    agent_notices.run(utcnow())  # the opening messages are not news
    workflow.reply(waiting, author=customer, body="It still does not connect")
    poor = ticket("Slow answer", status="resolved", resolved_at=utcnow(), assignee_id=agent.id)
    feedback.record_feedback(poor, customer, score=2, comment="The answer was incomplete")
    agent_notices.run(utcnow())

    now = utcnow()
    followups.add(owner=agent, customer=None, ticket=waiting, note="Call about the invoice",
                  due_at=now + timedelta(hours=1), now=now)
    followups.add(owner=agent, customer=customer, note="Send the new price list", due_at=now + timedelta(hours=1),
                  now=now)
    assert followups.run(now + timedelta(hours=1)).startswith("2 reminded")

    expected = {
        "sla_warning": (("is near", "نزدیک است"), soon.number),
        "sla_breach": (("passed", "گذشت"), late.number),
        "staff_customer_reply": (("replied to ticket", "به تیکت"), waiting.number),
        "staff_low_csat": (("score of 2 out of 5", "امتیاز ۲ از ۵"), poor.number),
    }
    rows = messages(db, *expected, "follow_up_due")
    assert {m.template for m in rows} == {*expected, "follow_up_due"}
    assert {m.channel for m in rows} == {channel}
    for m in rows:
        if m.template == "follow_up_due":
            about_ticket = "invoice" in m.body_text
            words = ("follow up ticket", "پیگیری تیکت") if about_ticket else ("task", "کار")
            assert_speaks(m, locale, words=words,
                          number=waiting.number if about_ticket else (customer.number if channel == "email" else None))
        else:
            words, number = expected[m.template]
            assert_speaks(m, locale, words=words, number=number)
        if channel == "email":
            assert ("Dear " if locale == "en" else " عزیز، سلام") in m.body_text


@pytest.mark.parametrize("customer_locale, default", [
    pytest.param("en", "fa", marks=pytest.mark.app_config(BABEL_DEFAULT_LOCALE="fa"), id="customer-en"),
    pytest.param("fa", "en", marks=pytest.mark.app_config(BABEL_DEFAULT_LOCALE="en"), id="customer-fa")])
def test_contract_notices_speak_the_customers_language_and_the_agent_the_installations(
        db, make_customer, make_staff, customer_locale, default):
    agent = make_staff(role="agent", full_name="Reza Karimi")
    today = date(2026, 12, 1)
    customers = {}
    for kind, ends_on in (("contract_ending", today + timedelta(days=14)), ("contract_ended", today - timedelta(days=1))):
        customer = customers[kind] = make_customer(full_name="Sara Ahmadi")
        customer.locale = customer_locale
        db.session.add(SupportContract(customer_id=customer.id, title="Gold support", starts_on=date(2026, 1, 1),
                                       ends_on=ends_on, agent_id=agent.id))
    db.session.commit()
    assert contracts.run(utcnow(), today=today) == "2 contract reminders"

    rows = messages(db, "contract_ending", "contract_ended")
    # each notice to its customer by e-mail and SMS, and to the agent by e-mail
    assert sorted((m.template, m.recipient_kind, m.channel) for m in rows) == sorted(
        (t, k, c) for t in ("contract_ending", "contract_ended")
        for k, c in (("customer", "email"), ("customer", "sms"), ("staff", "email")))
    for m in rows:
        locale = customer_locale if m.recipient_kind == "customer" else default
        if m.template == "contract_ending":
            words = ("in 14 days", "۱۴ روز دیگر") if m.channel == "email" else ("ends on", "پایان می‌یابد")
        else:
            words = ("ended", "پایان یافت")
        assert "Gold support" in m.body_text
        assert_speaks(m, locale, words=words,
                      number=customers[m.template].number if m.recipient_kind == "staff" else None)


def test_a_contract_ending_tomorrow_says_one_day(db, make_customer):
    customer = make_customer(full_name="Sara Ahmadi")
    customer.locale = "en"
    db.session.add(SupportContract(customer_id=customer.id, title="Gold support", starts_on=date(2026, 1, 1),
                                   ends_on=date(2026, 12, 2)))
    db.session.commit()
    contracts.run(utcnow(), today=date(2026, 12, 1))
    [mail] = [m for m in messages(db, "contract_ending") if m.channel == "email"]
    assert mail.subject == "Your support contract ends in 1 day" and "(in 1 day)" in mail.body_text


@pytest.mark.parametrize("locale", ["en", "fa", None])
def test_greetings_speak_the_customers_language(db, make_customer, make_staff, locale):
    customer = make_customer(full_name="Sara Ahmadi")
    customer.locale = locale
    db.session.commit()
    # born on 1 Farvardin (1369): on Nowruz 1406 both greetings go out
    greetings.save(customer, opted_in=True, birth_date=date(1990, 3, 21), actor=make_staff())
    assert greetings.run(datetime(2027, 3, 21, 6, 30)) == "2 greetings"

    shown = locale or "fa"  # no choice: the installation's language
    nowruz, birthday = messages(db, "greeting_nowruz"), messages(db, "greeting_birthday")
    assert [m.channel for m in nowruz + birthday] == ["sms", "sms"]
    assert_speaks(nowruz[0], shown, words=("happy Nowruz 1406", "نوروز ۱۴۰۶ خجسته باد"))
    assert_speaks(birthday[0], shown, words=("happy birthday", "زادروزتان خجسته باد"))
    assert ("Dear Sara Ahmadi," if shown == "en" else "Sara Ahmadi عزیز،") in birthday[0].body_text
