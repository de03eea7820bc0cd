"""The one inbound store: write what arrived, commit, then process it in its own transaction.

receive() is what every channel calls. Processing is idempotent by (channel, provider id): the same
message delivered twice is stored once and makes one ticket or one reply. The ticket or reply a message
becomes is committed in the same transaction as the message's "processed" status, so a crash can never
leave a ticket whose message still looks unprocessed (and would make a second one when retried).
"""
from __future__ import annotations

import hashlib
import logging
from contextlib import contextmanager

from flask_babel import lazy_gettext as _l
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..customers.models import Interaction
from ..extensions import db
from ..models_base import utcnow
from ..notify.models import OutboxMessage
from ..tickets.models import Ticket, TicketMessage
from .models import InboundMessage

log = logging.getLogger(__name__)

audit.register_actions({
    "inbound.reprocessed": _l("Inbound message processed again"),
    "inbound.opened_for_customer": _l("Inbound message opened as a ticket"),
    "inbound.discarded": _l("Inbound message discarded"),
})


class Refused(Exception):
    """Processing decided not to make a ticket; the message waits for a person. str() is shown to admins."""

    status = "quarantined"

    def __init__(self, reason: str, message=""):
        super().__init__(str(message) or reason)
        self.reason = reason


class Quarantined(Refused):
    status = "quarantined"


class Held(Refused):
    status = "held"


def _processors():
    # Imported here: each channel module calls receive() from this one.
    from . import email, sms, webform
    from .api import intake as api

    return {"email": email, "sms": sms, "webform": webform, "api": api}


def provider_key(raw: bytes, provider_id: str | None) -> str:
    provider_id = (provider_id or "").strip()
    return provider_id[:255] if provider_id else "sha256:" + hashlib.sha256(raw).hexdigest()


def find(channel: str, provider_id: str) -> InboundMessage | None:
    return db.session.scalar(select(InboundMessage).where(InboundMessage.channel == channel,
                                                          InboundMessage.provider_id == provider_id))


def receive(channel: str, raw: bytes, *, provider_id=None, sender=None, summary=None,
            process_now: bool = True) -> tuple[InboundMessage, bool]:
    """Store the message (committed before anything else happens), then process it.

    Returns (message, is_new); a message already stored is returned as it is, not processed again.
    """
    key = provider_key(raw, provider_id)
    existing = find(channel, key)
    if existing is not None:
        return existing, False
    message = InboundMessage(channel=channel, provider_id=key, raw=raw, sender=(sender or "")[:254] or None,
                             summary=(summary or "")[:200] or None, status="received", received_at=utcnow())
    db.session.add(message)
    try:
        db.session.commit()
    except IntegrityError:  # the same message, delivered at the same moment to another worker
        db.session.rollback()
        return find(channel, key), False
    if process_now:
        process(message)
    return message, True


@contextmanager
def _linked(message: InboundMessage):
    """While the block runs, a ticket or ticket message written to the session is tied to `message`,
    in the same flush, so it commits (or rolls back) with the ticket's own commit. When the message was
    sent by a program (message.quiet), the notifications it would cause are dropped: no mail loops."""
    session = db.session()

    def tie(session_, _context, _instances):
        for obj in list(session_.new):
            if isinstance(obj, OutboxMessage) and getattr(message, "quiet", False):
                session_.expunge(obj)
            if isinstance(obj, Ticket):
                message.ticket = obj
                message.customer = obj.customer
            elif isinstance(obj, TicketMessage) and message.ticket is None:
                message.ticket = obj.ticket
                message.customer_id = obj.author_customer_id or message.customer_id
            if isinstance(obj, TicketMessage) and obj.author_customer_id:
                # The profile's interactions timeline shows every message that came in from outside.
                session_.add(Interaction(customer_id=obj.author_customer_id, kind=message.channel, direction="in",
                                         summary=f"[#{obj.ticket.number}] {' '.join(obj.body.split())[:300]}",
                                         at=message.received_at))

    event.listen(session, "before_flush", tie)
    try:
        yield
    finally:
        event.remove(session, "before_flush", tie)


def process(message: InboundMessage, *, handler=None, by_person: bool = False) -> InboundMessage:
    """Turn a stored message into a ticket or a reply; on refusal or error, keep it with the reason.
    by_person: an admin asked for it, so the per-sender hourly limit (against floods) does not hold it again."""
    message_id = message.id
    if message.status in ("processed", "discarded"):
        return message
    message.quiet = False
    message.by_person = by_person
    handler = handler or _processors()[message.channel].process
    try:
        with _linked(message):
            message.status, message.reason, message.error = "processed", None, None
            message.processed_at = utcnow()
            message.attempts = (message.attempts or 0) + 1
            handler(message)
        db.session.commit()
    except Refused as refused:
        _settle(message_id, refused.status, reason=refused.reason, error=str(refused))
    except Exception as error:  # kept and retried later; the raw message is safe in the store
        log.exception("inbound message %s failed", message_id)
        _settle(message_id, "failed", reason="error", error=f"{type(error).__name__}: {error}")
    return db.session.get(InboundMessage, message_id)


def _settle(message_id, status, *, reason, error):
    db.session.rollback()
    message = db.session.get(InboundMessage, message_id)
    message.status, message.reason, message.error = status, reason, (error or "")[:4000]
    message.attempts = (message.attempts or 0) + 1
    message.processed_at = utcnow()
    db.session.commit()


def reprocess(*, message_id=None, failed=False, actor=None) -> list[InboundMessage]:
    """Process again one message (any status but processed/discarded), or every failed one."""
    if message_id is not None:
        message = db.session.get(InboundMessage, message_id)
        if message is None:
            raise LookupError(f"no inbound message {message_id}")
        targets = [message]
    elif failed:
        targets = list(db.session.scalars(select(InboundMessage).where(InboundMessage.status.in_(("failed", "received")))
                                          .order_by(InboundMessage.id)))
    else:
        targets = []
    done = []
    for message in targets:
        if message.status in ("processed", "discarded"):
            done.append(message)
            continue
        if actor is not None:
            audit.record(actor, "inbound.reprocessed", message, channel=message.channel, commit=True)
        done.append(process(message, by_person=actor is not None))
    return done


def discard(message: InboundMessage, *, actor) -> None:
    if message.status == "processed":
        raise ValueError("a processed message is not discarded")
    message.status = "discarded"
    audit.record(actor, "inbound.discarded", message, channel=message.channel, sender=message.sender)
    db.session.commit()


def open_for_customer(message: InboundMessage, customer, *, actor):
    """An admin's decision: this message becomes a new ticket of `customer`, whatever the checks said."""
    if message.status in ("processed", "discarded"):
        raise ValueError("this message was already dealt with")
    module = _processors()[message.channel]
    message_id = message.id
    audit.record(actor, "inbound.opened_for_customer", message, channel=message.channel,
                 customer=customer.number, commit=True)
    message = db.session.get(InboundMessage, message_id)
    return process(message, handler=lambda m: module.open_new(m, customer, created_by=actor), by_person=True)
