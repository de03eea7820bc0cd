"""Greetings: opt-in (off by default) Nowruz and birthday SMS with the customer's name, on the Jalali date, once."""
from datetime import date, datetime

from sqlalchemy import select

from portal.audit import AuditEntry
from portal.automations import greetings
from portal.automations.models import CustomerGreetings
from portal.notify.models import OutboxMessage
from tests.conftest import page_text

# 1 Farvardin 1406 is 2027-03-21; 10:00 in Tehran is 06:30 UTC.
NOWRUZ_MORNING = datetime(2027, 3, 21, 6, 30)


def sms(db, template):
    return [(m.to_address, m.body_text) for m in db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == template).order_by(OutboxMessage.id))]


def test_nowruz_goes_only_to_customers_who_opted_in_once(db, make_customer, make_staff):
    staff = make_staff()
    yes, no, silent = make_customer(), make_customer(), make_customer()
    greetings.save(yes, opted_in=True, birth_date=None, actor=staff)
    greetings.save(no, opted_in=False, birth_date=None, actor=staff)

    assert greetings.run(NOWRUZ_MORNING) == "1 greetings"
    assert greetings.run(NOWRUZ_MORNING.replace(hour=10)) == "0 greetings"
    [(to, text)] = sms(db, "greeting_nowruz")
    assert to == yes.mobile and yes.full_name in text and "نوروز ۱۴۰۶" in text
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "customer.greeted"))
    assert db.session.query(OutboxMessage).filter(OutboxMessage.channel == "email").count() == 0


def test_nothing_before_the_greetings_hour_or_on_another_day(db, make_customer, make_staff):
    greetings.save(make_customer(), opted_in=True, birth_date=None, actor=make_staff())
    assert greetings.run(datetime(2027, 3, 21, 3, 0)) == "too early"  # 06:30 in Tehran
    assert greetings.run(datetime(2027, 3, 22, 6, 30)) == "0 greetings"


def test_a_birthday_on_its_jalali_date(db, make_customer, make_staff):
    customer = make_customer()
    # born 1370/06/15 (1991-09-06); in 1405 that is 2026-09-06
    greetings.save(customer, opted_in=True, birth_date=date(1991, 9, 6), actor=make_staff())
    assert greetings.run(datetime(2026, 9, 5, 8, 0)) == "0 greetings"
    assert greetings.run(datetime(2026, 9, 6, 8, 0)) == "1 greetings"
    [(to, text)] = sms(db, "greeting_birthday")
    assert to == customer.mobile and customer.full_name in text and "زادروز" in text


def test_born_on_30_esfand_is_greeted_on_29_esfand_in_a_common_year(db, make_customer, make_staff):
    customer = make_customer()
    greetings.save(customer, opted_in=True, birth_date=date(1992, 3, 20), actor=make_staff())  # 1370/12/30
    # 1405 is a common year: 29 Esfand 1405 is 2027-03-20
    assert greetings.run(datetime(2027, 3, 20, 8, 0)) == "1 greetings"


def test_staff_set_consent_and_birthday_on_the_profile(db, make_customer, staff_client_for):
    client = staff_client_for("supervisor")
    customer = make_customer()
    profile = client.get(f"/admin/customers/{customer.id}").get_data(as_text=True)
    assert 'name="greetings_opt_in"' in profile and 'checked' not in profile.split('name="greetings_opt_in"')[1][:60]
    client.post(f"/admin/greetings/{customer.id}", data={"greetings_opt_in": "y", "birth_date": "۱۳۷۰/۰۶/۱۵"})
    settings = db.session.get(CustomerGreetings, customer.id)
    assert (settings.opted_in, settings.birth_date, settings.birth_jmonth, settings.birth_jday) == (
        True, date(1991, 9, 6), 6, 15)
    bad = client.post(f"/admin/greetings/{customer.id}", data={"birth_date": "1370/13/40"}, follow_redirects=True)
    assert "یک تاریخ شمسی مانند" in page_text(bad)
    db.session.expire_all()
    assert db.session.get(CustomerGreetings, customer.id).opted_in is True
