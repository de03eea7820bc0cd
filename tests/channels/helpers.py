"""Helpers of the channels tests: signing an SMS callback, reading the outbox and the inbound store."""
import time

from portal.channels.signing import signature

SMS_SECRET = "sms-webhook-secret-for-tests"


def signed(body: bytes, *, secret=SMS_SECRET, timestamp=None):
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    return {"X-Pishkhan-Timestamp": timestamp, "X-Pishkhan-Signature": signature(secret, timestamp, body),
            "Content-Type": "application/json"}


def outbox(**filters):
    from portal.extensions import db
    from portal.notify.models import OutboxMessage

    return list(db.session.query(OutboxMessage).filter_by(**filters).order_by(OutboxMessage.id))


def inbound_rows(**filters):
    from portal.channels.models import InboundMessage
    from portal.extensions import db

    return list(db.session.query(InboundMessage).filter_by(**filters).order_by(InboundMessage.id))


def tickets_of(customer):
    from portal.extensions import db
    from portal.tickets.models import Ticket

    return list(db.session.query(Ticket).filter_by(customer_id=customer.id).order_by(Ticket.id))
