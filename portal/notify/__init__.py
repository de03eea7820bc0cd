"""Notifications through a transactional outbox.

Callers add messages with notify_customer()/notify_staff() inside the transaction of the change they
report; nothing is sent during the request. `flask --app portal send-outbox` delivers them later
(worker.deliver_due). Templates: notify/<name>.subject.txt, notify/<name>.txt, and optionally
notify/<name>.html (the body only; it is wrapped in notify/_layout.html) and notify/<name>.sms.txt,
found in any blueprint's templates/ folder. They are rendered in the recipient's language.
"""
from ..extensions import db
from .models import OutboxMessage
from .render import render_email, render_sms


def notify_customer(customer, name: str, **context) -> list[OutboxMessage]:
    """E-mail and/or SMS by the customer's preference, for whichever address the customer has."""
    channels = []
    if customer.notify_by_email and customer.email:
        channels.append(("email", customer.email))
    if customer.notify_by_sms and customer.mobile:
        channels.append(("sms", customer.mobile))
    return _enqueue(customer, channels, name, context)


def notify_customer_by(customer, channel: str, name: str, **context) -> list[OutboxMessage]:
    """One channel only, e.g. an SMS acknowledging an SMS; nothing when the customer has no such address."""
    address = customer.mobile if channel == "sms" else customer.email
    return _enqueue(customer, [(channel, address)] if address else [], name, context)


def notify_staff(staff, name: str, **context) -> list[OutboxMessage]:
    return _enqueue(staff, [("email", staff.email)], name, context)


def notify_by_sms(recipient, mobile: str, name: str, **context) -> list[OutboxMessage]:
    """An SMS only, whatever the recipient's other choices: staff who chose SMS for a kind, greetings."""
    return _enqueue(recipient, [("sms", mobile)], name, context)


def _enqueue(recipient, channels, name, context) -> list[OutboxMessage]:
    rows = []
    context = dict(context, recipient=recipient)
    for channel, address in channels:
        rendered = render_sms(name, recipient, context) if channel == "sms" else render_email(name, recipient, context)
        if rendered is None:
            continue
        row = OutboxMessage(channel=channel, template=name, recipient_kind=recipient.kind,
                            recipient_id=recipient.id, to_address=address, **rendered,
                            ticket_number=getattr(context.get("ticket"), "number", None))
        db.session.add(row)
        rows.append(row)
    return rows
