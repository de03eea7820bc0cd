"""The delivery worker: claims due outbox rows, sends them, and records the outcome of each.

Claiming is an UPDATE ... RETURNING that pushes next_attempt_at forward by a lease
(PORTAL_OUTBOX_CLAIM_SECONDS). On PostgreSQL the rows are first picked with SELECT ... FOR UPDATE SKIP LOCKED,
so concurrent workers take different rows without waiting; on SQLite the one statement holds the database's
write lock. The UPDATE checks "pending and due" again itself, so a row is claimed by one worker only.
The claim is committed before anything is sent: no transaction stays open during SMTP, and a worker that
dies after claiming leaves its rows due again when the lease ends. Each outcome is committed on its own.
The worker uses its own connections, never the caller's session, so it cannot commit or drop the caller's work.
"""
import logging
import random
import time
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from ..extensions import db
from ..models_base import utcnow
from .errors import PermanentDeliveryError
from .mail import SmtpSender
from .models import OutboxMessage
from .sms import sms_backend
from .webhooks import WebhookSender

log = logging.getLogger(__name__)


@dataclass
class DeliveryCounts:
    sent: int = 0
    retry: int = 0  # failed this time, scheduled again
    dead: int = 0  # failed for the last time (or for good): kept with status "dead"

    @property
    def attempted(self) -> int:
        return self.sent + self.retry + self.dead

    def add(self, other: "DeliveryCounts") -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def __str__(self):
        return f"sent {self.sent}, retry later {self.retry}, dead {self.dead}"


@dataclass(frozen=True)
class _Outgoing:
    """What a sender needs, copied out of the row so sending touches no ORM state."""

    id: int
    channel: str
    to_address: str
    subject: str | None
    body_text: str
    body_html: str | None
    attempts: int
    created_at: datetime


def deliver_due(now: datetime | None = None, limit: int = 100) -> DeliveryCounts:
    """Send up to `limit` pending messages due at `now` (naive UTC). A failed send is recorded on its row."""
    now = now or utcnow()
    config = current_app.config
    lease_until = now + timedelta(seconds=config["PORTAL_OUTBOX_CLAIM_SECONDS"])
    counts = DeliveryCounts()
    batch = _claim(now, lease_until, limit)
    if not batch:
        return counts
    # Stop before the lease runs out (a very slow server): the rest is handed back, not sent twice.
    stop_at = time.monotonic() + 0.8 * config["PORTAL_OUTBOX_CLAIM_SECONDS"]
    dispatcher = _Dispatcher(config)
    try:
        for position, message in enumerate(batch):
            if time.monotonic() > stop_at:
                _release([m.id for m in batch[position:]], lease_until, now)
                break
            try:
                dispatcher.send(message)
            except Exception as error:  # noqa: BLE001  any failure is recorded on the row, never raised
                outcome = _record(_record_failure, message, error, now, lease_until, config)
            else:
                outcome = _record(_record_sent, message, now, lease_until)
            if outcome:
                setattr(counts, outcome, getattr(counts, outcome) + 1)
    finally:
        dispatcher.close()
    return counts


def _claim(now, lease_until, limit) -> list[_Outgoing]:
    due = (OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
    candidates = (select(OutboxMessage.id).where(*due)
                  .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit))
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Lock the rows first, in their own statement: inside an UPDATE's IN (...) PostgreSQL may run the
            # locking subquery more than once and take more rows than the LIMIT.
            picked = list(connection.scalars(candidates.with_for_update(skip_locked=True)))
            if not picked:
                return []
            which = OutboxMessage.id.in_(picked)
        else:
            # One statement, so SQLite takes its write lock at once (a read first could end in "database is locked").
            which = OutboxMessage.id.in_(candidates.scalar_subquery())
        claimed = connection.execute(
            update(OutboxMessage).where(which, *due)
            .values(next_attempt_at=lease_until)
            .returning(OutboxMessage.id, OutboxMessage.channel, OutboxMessage.to_address, OutboxMessage.subject,
                       OutboxMessage.body_text, OutboxMessage.body_html, OutboxMessage.attempts,
                       OutboxMessage.created_at)
        ).all()
    return sorted((_Outgoing(*row) for row in claimed), key=lambda m: m.id)


def _record(recorder, message, *args) -> str | None:
    """Write an outcome; if the database refuses, the row keeps its claim and is tried again after the lease."""
    try:
        return recorder(message, *args)
    except Exception:  # noqa: BLE001
        log.exception("could not record the outcome of outbox message %s", message.id)
        return None


def _finish(message_id, lease_until, **values) -> None:
    # Only while our claim holds: a row requeued by an admin meanwhile is left as the admin set it.
    with db.engine.begin() as connection:
        connection.execute(update(OutboxMessage)
                           .where(OutboxMessage.id == message_id, OutboxMessage.status == "pending",
                                  OutboxMessage.next_attempt_at == lease_until)
                           .values(**values))


def _record_sent(message, now, lease_until) -> str:
    _finish(message.id, lease_until, status="sent", sent_at=now, attempts=message.attempts + 1, last_error=None)
    return "sent"


def _record_failure(message, error, now, lease_until, config) -> str:
    attempts = message.attempts + 1
    text = f"{type(error).__name__}: {error}"[:2000]
    final = isinstance(error, PermanentDeliveryError) or attempts >= config["PORTAL_OUTBOX_MAX_ATTEMPTS"]
    log.warning("outbox message %s (%s to %s) failed, attempt %s%s: %s", message.id, message.channel,
                message.to_address, attempts, ", giving up" if final else "", text)
    if final:
        _finish(message.id, lease_until, status="dead", attempts=attempts, last_error=text)
        return "dead"
    _finish(message.id, lease_until, attempts=attempts, last_error=text,
            next_attempt_at=now + backoff(attempts, config))
    return "retry"


def _release(message_ids, lease_until, now) -> None:
    with db.engine.begin() as connection:
        connection.execute(update(OutboxMessage)
                           .where(OutboxMessage.id.in_(message_ids), OutboxMessage.status == "pending",
                                  OutboxMessage.next_attempt_at == lease_until)
                           .values(next_attempt_at=now))


def backoff(attempts: int, config) -> timedelta:
    """base * 2^(attempts-1), capped, then between half and all of it, so failed messages don't retry in step."""
    base = config["PORTAL_OUTBOX_BACKOFF_SECONDS"]
    ceiling = min(base * 2 ** (attempts - 1), config["PORTAL_OUTBOX_BACKOFF_MAX_SECONDS"])
    return timedelta(seconds=ceiling * random.uniform(0.5, 1.0))


class _Dispatcher:
    """One SMTP connection and one SMS adapter per pass, each made on first use."""

    def __init__(self, config):
        self.config = config
        self._smtp = None
        self._sms = None
        self._webhooks = None

    def send(self, message: _Outgoing) -> None:
        if message.channel == "email":
            if self._smtp is None:
                self._smtp = SmtpSender(self.config)
            self._smtp.send(message)
        elif message.channel == "sms":
            if self._sms is None:
                self._sms = sms_backend(self.config)
            self._sms.send(message.to_address, message.body_text, reference=f"outbox-{message.id}")
        elif message.channel == "webhook":
            if self._webhooks is None:
                self._webhooks = WebhookSender(self.config)
            self._webhooks.send(message)
        else:
            raise PermanentDeliveryError(f"unknown channel {message.channel!r}")

    def close(self) -> None:
        for sender in (self._smtp, self._sms, self._webhooks):
            if sender is not None:
                try:
                    sender.close()
                except Exception:  # noqa: BLE001  closing is best effort
                    log.exception("closing a sender failed")


def run_loop(interval: float, limit: int = 100, should_stop=lambda: False, on_pass=None) -> DeliveryCounts:
    """Deliver until should_stop() says so; a full batch goes again at once, otherwise wait `interval` seconds.

    A pass that fails (the database went away) is logged and tried again after the interval.
    """
    total = DeliveryCounts()
    while not should_stop():
        try:
            counts = deliver_due(limit=limit)
        except Exception:  # noqa: BLE001  the loop outlives a database restart
            log.exception("delivery pass failed")
            counts = DeliveryCounts()
        total.add(counts)
        if on_pass is not None:
            on_pass(counts)
        if counts.attempted < limit:
            deadline = time.monotonic() + interval
            while not should_stop() and time.monotonic() < deadline:
                time.sleep(min(0.5, max(0.0, deadline - time.monotonic())))
    return total
