"""Follow-ups and tasks: an agent sets a time to come back to a ticket or a customer; the worker reminds him then.

When a follow-up on a ticket that waits for the customer falls due, the ticket goes back to "open" (through
the ticket workflow), so it shows in the queue again.
"""
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .. import audit, security
from ..extensions import db
from ..models_base import utcnow
from ..tickets.services import workflow
from .models import FollowUp
from .notices import tell_staff

SHOWN = 20


class FollowUpError(ValueError):
    """str() is the message for the person who asked."""


def local_to_utc(day: date, at: time) -> datetime:
    zone = ZoneInfo(current_app.config["PORTAL_TIMEZONE"])
    return datetime.combine(day, at, tzinfo=zone).astimezone(timezone.utc).replace(tzinfo=None)


def add(*, owner, customer, due_at: datetime, note: str | None = None, ticket=None, now=None) -> FollowUp:
    """A follow-up on `ticket` (its customer's), or a task on `customer` when ticket is None; due_at in UTC."""
    now = now or utcnow()
    if not security.is_staff(owner):
        raise PermissionError("only staff set follow-ups")
    if due_at <= now:
        raise FollowUpError(_l("Choose a time in the future."))
    if ticket is not None:
        customer = ticket.customer
    follow_up = FollowUp(owner_id=owner.id, customer_id=customer.id, ticket_id=ticket.id if ticket else None,
                         due_at=due_at, note=(note or "").strip() or None, created_at=now)
    db.session.add(follow_up)
    db.session.flush()
    audit.record(owner, "follow_up.added", follow_up, customer_id=customer.id,
                 ticket=ticket.number if ticket else None, due=due_at.isoformat(timespec="minutes"))
    db.session.commit()
    return follow_up


def complete(follow_up, *, actor, now=None) -> None:
    if follow_up.owner_id != actor.id and not security.can(actor, "tickets.view_all"):
        raise PermissionError("not this person's follow-up")
    if follow_up.done_at is None:
        follow_up.done_at = now or utcnow()
        audit.record(actor, "follow_up.done", follow_up)
        db.session.commit()


def _with_people():
    """One query for a list, whoever and whatever each follow-up is about."""
    return select(FollowUp).options(joinedload(FollowUp.owner), joinedload(FollowUp.customer),
                                    joinedload(FollowUp.ticket))


def open_for_owner(owner) -> list[FollowUp]:
    return list(db.session.scalars(_with_people().where(FollowUp.owner_id == owner.id, FollowUp.done_at.is_(None))
                                   .order_by(FollowUp.due_at, FollowUp.id).limit(SHOWN)))


def open_for(*, customer_id=None, ticket_id=None) -> list[FollowUp]:
    query = _with_people().where(FollowUp.done_at.is_(None))
    if ticket_id is not None:
        query = query.where(FollowUp.ticket_id == ticket_id)
    else:
        query = query.where(FollowUp.customer_id == customer_id)
    return list(db.session.scalars(query.order_by(FollowUp.due_at, FollowUp.id).limit(SHOWN)))


def run(now) -> str:
    """Remind each owner of what fell due; a ticket waiting for the customer goes back to the queue."""
    due = list(db.session.scalars(select(FollowUp).where(FollowUp.reminded_at.is_(None), FollowUp.done_at.is_(None),
                                                         FollowUp.due_at <= now)
                                  .order_by(FollowUp.due_at, FollowUp.id).limit(500)))
    returned = 0
    for follow_up in due:
        follow_up.reminded_at = now
        tell_staff(follow_up.owner, "follow_up", "follow_up_due", follow_up=follow_up)
        audit.record(None, "follow_up.reminded", follow_up, owner_id=follow_up.owner_id)
        ticket = follow_up.ticket
        if ticket is not None and ticket.status == "waiting" and not ticket.merged_into_id:
            workflow.change_status(ticket, "open", actor=None)  # commits the reminder with it
            returned += 1
        else:
            db.session.commit()
    return f"{len(due)} reminded, {returned} tickets back in the queue"
