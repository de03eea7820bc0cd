"""What the back office does with the outbox: see what is stuck or dead, count, and send a message again."""
from sqlalchemy import func, select

from .. import audit
from ..extensions import db
from ..models_base import utcnow
from .models import OUTBOX_STATUSES, OutboxMessage


class NotRequeueable(ValueError):
    """A message already sent is not sent again."""


def outbox_counts() -> dict[str, int]:
    rows = db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))
    counts = dict.fromkeys(OUTBOX_STATUSES, 0)
    counts.update({status: count for status, count in rows})
    return counts


def messages_query(statuses=("dead", "pending")):
    """Newest first: dead and pending by default, the ones someone may want to look at."""
    return (select(OutboxMessage).where(OutboxMessage.status.in_(statuses))
            .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()))


def list_messages(statuses=("dead", "pending"), limit: int = 50) -> list[OutboxMessage]:
    return list(db.session.scalars(messages_query(statuses).limit(limit)))


def requeue(message_id: int, actor=None) -> OutboxMessage:
    """Make a dead (or waiting) message due now with a fresh set of attempts. The last error stays for reference.

    LookupError when there is no such message; NotRequeueable when it was already sent.
    """
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        raise LookupError(f"no outbox message {message_id}")
    if message.status == "sent":
        raise NotRequeueable(f"outbox message {message_id} was already sent")
    previous = message.status
    message.status = "pending"
    message.attempts = 0
    message.next_attempt_at = utcnow()
    audit.record(actor, "outbox.requeue", message, previous_status=previous)
    db.session.commit()
    return message
