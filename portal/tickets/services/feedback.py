"""Customer satisfaction: one CSAT score (1-5) and an optional comment per resolved ticket, changeable for a while."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ...extensions import db
from ...models_base import utcnow
from ..access import visible_tickets
from ..models import Feedback, Ticket
from .history import TicketError, record

SCORES = (1, 2, 3, 4, 5)


def can_rate(ticket) -> bool:
    """A resolved or closed ticket that was not merged away; the rating itself may already exist."""
    return ticket.status in ("resolved", "closed") and not ticket.merged_into_id


def editable(feedback, now=None) -> bool:
    days = current_app.config["PORTAL_FEEDBACK_EDIT_DAYS"]
    return feedback is None or (now or utcnow()) - feedback.created_at <= timedelta(days=days)


def record_feedback(ticket, customer, *, score, comment=None) -> Feedback:
    """Rate the ticket, or change the rating within PORTAL_FEEDBACK_EDIT_DAYS of giving it."""
    if customer.id != ticket.customer_id:
        raise PermissionError("not this customer's ticket")
    if not can_rate(ticket):
        raise TicketError(_l("You can rate a ticket once it is resolved."))
    if score not in SCORES:
        raise TicketError(_l("Choose a score from 1 to 5."))
    comment = (comment or "").strip()[:2000] or None
    feedback = ticket.feedback
    if feedback is None:
        feedback = Feedback(ticket=ticket, customer_id=customer.id, score=score, comment=comment)
        db.session.add(feedback)
        old = None
    elif not editable(feedback):
        raise TicketError(_l("This rating can no longer be changed."))
    else:
        old = feedback.score
        feedback.score, feedback.comment = score, comment
    db.session.flush()
    if old != score:
        record(ticket, customer, "feedback", old, score)
    db.session.commit()
    return feedback


def satisfaction(customer_id, viewer=None) -> tuple[float | None, int]:
    """(average score to one decimal place, number of ratings) of one customer, over the tickets `viewer` may
    see (all of them without a viewer). The one CSAT figure staff see: on the ticket page, the customer's
    profile and the call page alike; templates format it with the `decimal` filter."""
    query = select(func.avg(Feedback.score), func.count(Feedback.id)).where(Feedback.customer_id == customer_id)
    if viewer is not None:
        query = query.where(Feedback.ticket_id.in_(visible_tickets(viewer).with_only_columns(Ticket.id)))
    average, count = db.session.execute(query).one()
    return (round(float(average), 1) if average is not None else None), count
