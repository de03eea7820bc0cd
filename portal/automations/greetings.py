"""Greetings by SMS through the outbox, for customers who opted in (off by default): Nowruz and birthdays.

The job runs through the day (from PORTAL_GREETINGS_HOUR local time); on 1 Farvardin every opted-in customer with a mobile gets the Nowruz message,
and on a customer's Jalali birthday the birthday message, each once per Jalali year.
Someone born on 30 Esfand is greeted on 29 Esfand in years that have no 30th.
"""
from datetime import date, timezone
from zoneinfo import ZoneInfo

import jdatetime
from flask import current_app
from sqlalchemy import or_, select

from .. import audit, notify
from ..accounts.models import Customer
from ..extensions import db
from .models import CustomerGreetings
from .notices import already_sent, remember


def get(customer) -> CustomerGreetings:
    return db.session.get(CustomerGreetings, customer.id) or CustomerGreetings(customer_id=customer.id, opted_in=False)


def save(customer, *, opted_in: bool, birth_date: date | None, actor) -> CustomerGreetings:
    settings = get(customer)
    settings.opted_in = bool(opted_in)
    settings.birth_date = birth_date
    if birth_date:
        jday = jdatetime.date.fromgregorian(date=birth_date)
        settings.birth_jmonth, settings.birth_jday = jday.month, jday.day
    else:
        settings.birth_jmonth = settings.birth_jday = None
    db.session.add(settings)
    audit.record(actor, "customer.greetings_changed", customer, opted_in=settings.opted_in,
                 birth_date=birth_date.isoformat() if birth_date else None)
    db.session.commit()
    return settings


def run(now) -> str:
    """`now` in UTC; nothing goes out before PORTAL_GREETINGS_HOUR local time (nobody wants an SMS at midnight)."""
    zone = ZoneInfo(current_app.config["PORTAL_TIMEZONE"])
    local = now.replace(tzinfo=timezone.utc).astimezone(zone)
    if local.hour < current_app.config["PORTAL_GREETINGS_HOUR"]:
        return "too early"
    jtoday = jdatetime.date.fromgregorian(date=local.date())
    sent = 0
    opted = (select(Customer).join(CustomerGreetings, CustomerGreetings.customer_id == Customer.id)
             .where(CustomerGreetings.opted_in.is_(True), Customer.active.is_(True), Customer.mobile.is_not(None)))
    if (jtoday.month, jtoday.day) == (1, 1):
        sent += _greet(opted, "greeting_nowruz", jtoday, now)
    days = [jtoday.day]
    if (jtoday.month, jtoday.day) == (12, 29) and not jtoday.isleap():
        days.append(30)
    birthdays = opted.where(CustomerGreetings.birth_jmonth == jtoday.month,
                            or_(*(CustomerGreetings.birth_jday == d for d in days)))
    sent += _greet(birthdays, "greeting_birthday", jtoday, now)
    return f"{sent} greetings"


def _greet(query, kind, jtoday, now) -> int:
    key = str(jtoday.year)
    sent = 0
    for customer in list(db.session.scalars(query.order_by(Customer.id))):
        if already_sent(kind, customer.id, key):
            continue
        remember(kind, customer.id, key, at=now)
        notify.notify_by_sms(customer, customer.mobile, kind, customer=customer, year=jtoday.year)
        audit.record(None, "customer.greeted", customer, kind=kind, year=jtoday.year)
        db.session.commit()
        sent += 1
    return sent
