"""Notifications through a transactional outbox.

Callers add messages with notify_customer()/notify_staff() inside the transaction of the change they
report; nothing is sent during the request. `flask --app portal send-outbox` delivers them later.
Templates: notify/<name>.subject.txt, notify/<name>.txt, and optionally notify/<name>.html and
notify/<name>.sms.txt, found in any blueprint's templates/ folder.
"""
from flask import render_template
from flask_babel import force_locale
from jinja2 import TemplateNotFound

from ..extensions import db
from .models import OutboxMessage


def notify_customer(customer, name: str, **context) -> list[OutboxMessage]:
    """E-mail and/or SMS by the customer's preference, for whichever address the customer has."""
    channels = []
    if customer.notify_by_email and customer.email:
        channels.append(("email", customer.email))
    if customer.notify_by_sms and customer.mobile:
        channels.append(("sms", customer.mobile))
    return _enqueue(customer, channels, name, context)


def notify_staff(staff, name: str, **context) -> list[OutboxMessage]:
    return _enqueue(staff, [("email", staff.email)], name, context)


def _enqueue(recipient, channels, name, context) -> list[OutboxMessage]:
    rows = []
    with force_locale("fa"):
        for channel, address in channels:
            rendered = _render(channel, name, dict(context, recipient=recipient))
            if rendered is None:
                continue
            row = OutboxMessage(channel=channel, template=name, recipient_kind=recipient.kind,
                                recipient_id=recipient.id, to_address=address, **rendered)
            db.session.add(row)
            rows.append(row)
    return rows


def _render(channel, name, context):
    if channel == "sms":
        try:
            return {"body_text": render_template(f"notify/{name}.sms.txt", **context).strip()}
        except TemplateNotFound:
            return None
    try:
        html = render_template(f"notify/{name}.html", **context)
    except TemplateNotFound:
        html = None
    return {
        "subject": " ".join(render_template(f"notify/{name}.subject.txt", **context).split()),
        "body_text": render_template(f"notify/{name}.txt", **context).strip(),
        "body_html": html,
    }
