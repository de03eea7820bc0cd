"""Agents hear about their tickets: a customer's reply, and a poor satisfaction score.

The job looks at what arrived since PORTAL_AGENT_NOTICE_LOOKBACK_HOURS ago and tells whoever has not been
told yet (AutomationNotice by message or feedback id), so the ticket workflow stays as it is and a notice goes
out within one run of the job. A reply goes to the assignee, or, for an unassigned ticket, to the agents of
its department; a score of 1-2 goes to the department's supervisors. Each person's channel is their own choice.
"""
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, select

from .. import audit
from ..extensions import db
from ..tickets.models import Feedback, Ticket, TicketMessage
from .models import AutomationNotice
from .notices import agents_of, remember, supervisors_of, tell_staff

LOW_SCORE = 2
BATCH = 500


def _not_noticed(kind, column):
    return ~select(AutomationNotice.id).where(and_(AutomationNotice.kind == kind, AutomationNotice.target_id == column,
                                                   AutomationNotice.key == "")).exists()


def run(now) -> str:
    since = now - timedelta(hours=current_app.config["PORTAL_AGENT_NOTICE_LOOKBACK_HOURS"])
    replies = list(db.session.scalars(
        select(TicketMessage).join(Ticket, Ticket.id == TicketMessage.ticket_id)
        .where(TicketMessage.author_customer_id.is_not(None), TicketMessage.created_at >= since,
               TicketMessage.created_at <= now, _not_noticed("customer_reply", TicketMessage.id))
        .order_by(TicketMessage.id).limit(BATCH)))
    for message in replies:
        customer_replied(message)
    scores = list(db.session.scalars(
        select(Feedback).where(Feedback.score <= LOW_SCORE, Feedback.updated_at >= since, Feedback.updated_at <= now,
                               _not_noticed("low_csat", Feedback.id))
        .order_by(Feedback.id).limit(BATCH)))
    for feedback in scores:
        low_score(feedback)
    return f"{len(replies)} replies, {len(scores)} low scores"


def customer_replied(message) -> None:
    ticket = message.ticket
    first_of_ticket = message.id == min(m.id for m in ticket.messages)  # the opening message: not a reply
    remember("customer_reply", message.id)
    if not first_of_ticket:
        people = [ticket.assignee] if ticket.assignee is not None else agents_of(ticket.department_id)
        for person in people:
            tell_staff(person, "customer_reply", "staff_customer_reply", ticket=ticket, message=message)
    db.session.commit()


def low_score(feedback) -> None:
    ticket = feedback.ticket
    remember("low_csat", feedback.id)
    for supervisor in supervisors_of(ticket.department_id):
        tell_staff(supervisor, "low_csat", "staff_low_csat", ticket=ticket, feedback=feedback)
    audit.record(None, "ticket.low_csat", ticket, number=ticket.number, score=feedback.score)
    db.session.commit()
