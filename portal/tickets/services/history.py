"""What every change shares: the ticket's history row, the audit row, and the refusal a person can read."""
from __future__ import annotations

from ... import audit
from ...extensions import db
from ...models_base import utcnow
from ..models import TicketEvent


class TicketError(ValueError):
    """A change the rules do not allow; str() is the message for the person who asked for it."""


def record(ticket, actor, field: str, old=None, new=None, *, at=None, audited: str | None = None, **details):
    """Add a TicketEvent (and, for assignments and status changes, an audit row) to the current transaction."""
    event = TicketEvent(ticket_id=ticket.id, actor_kind=getattr(actor, "kind", None) or None,
                        actor_id=getattr(actor, "id", None), field=field,
                        old_value=None if old is None else str(old)[:200],
                        new_value=None if new is None else str(new)[:200], at=at or utcnow())
    db.session.add(event)
    if audited:
        audit.record(actor, audited, ticket, number=ticket.number, old=old, new=new, **details)
    return event
