"""SMS intake: a provider's callback, already checked and stored, becomes a reply or a new ticket.

The payload is {"from", "to", "text", "message_id"}. The sender's mobile in any format finds the
customer; the text is a reply to their most recent open ticket active within PORTAL_SMS_REPLY_WINDOW_DAYS,
otherwise a new ticket (channel "sms"). Either way the customer gets an SMS with the ticket number.
"""
from __future__ import annotations

import json

from flask import current_app
from flask_babel import lazy_gettext as _l

from .. import notify
from ..persian import normalize_mobile
from ..tickets import services as tickets
from . import common
from .inbound import Quarantined


def payload(message) -> dict:
    try:
        data = json.loads(message.raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise Quarantined("unreadable", _l("The message could not be read.")) from error
    return data if isinstance(data, dict) else {}


def _text(data) -> str:
    text = data.get("text")
    return text.strip() if isinstance(text, str) else ""


def process(message) -> None:
    data = payload(message)
    mobile, text = normalize_mobile(data.get("from")), _text(data)
    if not mobile:
        raise Quarantined("bad_sender", _l("The sender is not a mobile number."))
    if not text:
        raise Quarantined("empty", _l("The message is empty."))
    common.check_sender_rate(message)
    customer = common.customer_for_sender(policy=current_app.config["PORTAL_SMS_UNKNOWN_SENDERS"],
                                          full_name=mobile, mobile=mobile)
    ticket = common.recent_open_ticket(customer, int(current_app.config["PORTAL_SMS_REPLY_WINDOW_DAYS"]))
    if ticket is None:
        _open(message, customer, text)
        return
    # The acknowledgement is written first so it commits with the reply, in reply()'s transaction.
    notify.notify_customer_by(customer, "sms", "inbound_sms_added", ticket=ticket)
    tickets.reply(ticket, author=customer, body=text, channel="sms")


def _open(message, customer, text, created_by=None):
    # open_ticket's own "ticket_opened" notification carries the number by SMS.
    return tickets.open_ticket(customer, subject=common.subject_from(text, _l("SMS from %(mobile)s", mobile=customer.mobile)),
                               body=text, category=common.intake_category(), channel="sms", created_by=created_by)


def open_new(message, customer, *, created_by=None) -> None:
    text = _text(payload(message))
    if not text:
        raise Quarantined("empty", _l("The message is empty."))
    _open(message, customer, text, created_by)
