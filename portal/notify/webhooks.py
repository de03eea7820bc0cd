"""Webhooks out: subscriptions, signed JSON deliveries through the outbox, and the HTTP sender the worker calls.

A delivery is an outbox row (channel "webhook", to_address the URL, body_text the JSON body, recipient the
subscription) written in the same transaction as the change it reports, so the worker's retries and back-off
apply. The signature is made when the request is sent, over "<timestamp>." + body with the subscription's
secret, so a receiver can refuse stale timestamps even for a delivery that was retried for hours.
"""
import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request

from sqlalchemy import select

from ..extensions import db
from ..models_base import TimestampMixin, utcnow
from .errors import PermanentDeliveryError
from .models import OutboxMessage

EVENTS = ("ticket.created", "ticket.replied", "ticket.status_changed")
SIGNATURE_HEADER = "X-Pishkhan-Signature"
TIMESTAMP_HEADER = "X-Pishkhan-Timestamp"
EVENT_HEADER = "X-Pishkhan-Event"
DELIVERY_HEADER = "X-Pishkhan-Delivery"
# A receiver that says the request itself is wrong will say so again: no point in retrying.
_PERMANENT_STATUSES = (400, 404, 405, 410, 413, 422)


class WebhookSubscription(TimestampMixin, db.Model):
    __tablename__ = "webhook_subscriptions"
    id = db.Column(db.Integer, primary_key=True)
    url = db.Column(db.String(254), nullable=False)
    events = db.Column(db.JSON, nullable=False, default=list)  # names from EVENTS
    secret = db.Column(db.String(80), nullable=False)  # shared with the receiver; it checks the signature with it
    active = db.Column(db.Boolean, nullable=False, default=True)
    created_by_id = db.Column(db.Integer, db.ForeignKey("staff_users.id"))


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The X-Pishkhan-Signature value: sha256=<hex HMAC-SHA256 of "<timestamp>." + body>."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def enqueue_event(event: str, data: dict, *, now=None) -> list[OutboxMessage]:
    """One outbox row per active subscription to the event, added to the current transaction (not committed)."""
    return enqueue_events([(event, data)], now=now)


def enqueue_events(events, *, now=None) -> list[OutboxMessage]:
    """enqueue_event for several (event, data) pairs, reading the subscriptions once."""
    for event, _data in events:
        if event not in EVENTS:
            raise ValueError(f"unknown webhook event {event!r}")
    if not events:
        return []
    now = now or utcnow()
    subscriptions = list(db.session.scalars(select(WebhookSubscription)
                                            .where(WebhookSubscription.active.is_(True))
                                            .order_by(WebhookSubscription.id)))
    rows = []
    for event, data in events:
        body = json.dumps({"event": event, "occurred_at": now.isoformat(timespec="seconds") + "Z", "data": data},
                          ensure_ascii=False, separators=(",", ":"), default=str)
        for subscription in subscriptions:
            if event not in (subscription.events or ()):
                continue
            row = OutboxMessage(channel="webhook", template=event, recipient_kind="webhook",
                                recipient_id=subscription.id, to_address=subscription.url, body_text=body,
                                next_attempt_at=now, created_at=now)
            db.session.add(row)
            rows.append(row)
    return rows


class WebhookSender:
    """POSTs one outbox row to its URL; the worker records success, retry or dead."""

    def __init__(self, config):
        self.timeout = config.get("PORTAL_WEBHOOK_TIMEOUT", 10)

    def send(self, message) -> None:
        with db.engine.connect() as connection:  # the worker's own connection, as for the rest of its work
            row = connection.execute(
                select(WebhookSubscription.secret, WebhookSubscription.active, OutboxMessage.template)
                .join(OutboxMessage, OutboxMessage.recipient_id == WebhookSubscription.id)
                .where(OutboxMessage.id == message.id)).first()
        if row is None or not row.active:
            raise PermanentDeliveryError("the webhook subscription was removed or switched off")
        if not message.to_address.lower().startswith(("http://", "https://")):
            raise PermanentDeliveryError("a webhook address must be http:// or https://")
        body = message.body_text.encode()
        timestamp = str(int(time.time()))
        request = urllib.request.Request(message.to_address, data=body, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8", "User-Agent": "Pishkhan-Webhooks/1",
            TIMESTAMP_HEADER: timestamp, SIGNATURE_HEADER: sign(row.secret, timestamp, body),
            EVENT_HEADER: row.template, DELIVERY_HEADER: str(message.id)})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310  (admin-set URL)
                response.read(1024)
        except urllib.error.HTTPError as error:
            if error.code in _PERMANENT_STATUSES:
                raise PermanentDeliveryError(f"HTTP {error.code} from the receiver") from error
            raise

    def close(self) -> None:
        pass
