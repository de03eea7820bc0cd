"""What the back office does with the outbox: see what is stuck or dead, count, and send a message again."""
from sqlalchemy import and_, false, func, or_, select, union_all

from .. import audit
from ..accounts.models import staff_departments
from ..extensions import db
from ..models_base import utcnow
from .models import OUTBOX_STATUSES, OutboxMessage


class NotRequeueable(ValueError):
    """A message already sent is not sent again."""


# recipient kind -> scope(viewer): a select of the recipient ids a department-scoped viewer may see.
# Features above notify register theirs in the app factory (customers: visible_customers).
_RECIPIENT_SCOPES = {}


def register_recipient_scope(kind: str, scope) -> None:
    _RECIPIENT_SCOPES[kind] = scope


def _colleagues(viewer):
    return select(staff_departments.c.staff_id).where(
        staff_departments.c.department_id.in_(viewer.department_ids or {-1})).union(select(viewer.id))


def _scope_condition(viewer):
    """Every message for an unscoped viewer; for a department-scoped one, only his departments' people."""
    if viewer is None or not viewer.role.department_scoped:
        return None
    scopes = {"staff": _colleagues, **_RECIPIENT_SCOPES}
    return or_(false(), *(and_(OutboxMessage.recipient_kind == kind, OutboxMessage.recipient_id.in_(scope(viewer)))
                          for kind, scope in scopes.items()))


def _scoped(query, viewer):
    condition = _scope_condition(viewer)
    return query if condition is None else query.where(condition)


def outbox_counts(viewer=None, *, sent_up_to: int | None = None) -> dict[str, int]:
    """Messages per status. Sent ones pile up (a day of tickets makes thousands until the worker purges them
    after PORTAL_OUTBOX_KEEP_DAYS): with sent_up_to, at most that many + 1 are counted (a page shows "N+"),
    so the count reads a bounded stretch of the (status, created_at) index whatever the outbox holds."""
    if sent_up_to is None:
        rows = db.session.execute(_scoped(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status), viewer))
    else:
        unsent = [status for status in OUTBOX_STATUSES if status != "sent"]  # named: an index range, not a scan
        waiting = _scoped(select(OutboxMessage.status).where(OutboxMessage.status.in_(unsent)), viewer)
        sent = _scoped(select(OutboxMessage.status).where(OutboxMessage.status == "sent"), viewer).limit(sent_up_to + 1)
        both = union_all(waiting, sent.subquery().select()).subquery()
        rows = db.session.execute(select(both.c.status, func.count()).group_by(both.c.status))
    counts = dict.fromkeys(OUTBOX_STATUSES, 0)
    counts.update({status: count for status, count in rows})
    return counts


def messages_query(statuses=("dead", "pending"), viewer=None):
    """Newest first: dead and pending by default, the ones someone may want to look at (within his scope)."""
    return _scoped(select(OutboxMessage).where(OutboxMessage.status.in_(statuses))
                   .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()), viewer)


def list_messages(statuses=("dead", "pending"), limit: int = 50) -> list[OutboxMessage]:
    return list(db.session.scalars(messages_query(statuses).limit(limit)))


def requeue(message_id: int, actor=None, *, viewer=None) -> OutboxMessage:
    """Make a dead (or waiting) message due now with a fresh set of attempts. The last error stays for reference.

    LookupError when there is no such message; NotRequeueable when it was already sent.
    """
    message = db.session.scalar(_scoped(select(OutboxMessage).where(OutboxMessage.id == message_id), viewer))
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
