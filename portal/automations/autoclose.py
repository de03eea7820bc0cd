"""Auto-close: a resolved ticket the customer has not answered for PORTAL_AUTO_CLOSE_DAYS is closed, with a notice.

A customer's reply moves a resolved ticket back to "open", so "resolved for N days" means "no answer for N days".
The close goes through the ticket workflow (history and audit rows as for any status change); the notice
and an audit row of its own are written in the same transaction.
"""
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from .. import audit, notify
from ..extensions import db
from ..tickets.models import Ticket
from ..tickets.services import workflow

BATCH = 200


def run(now) -> str | None:
    days = current_app.config["PORTAL_AUTO_CLOSE_DAYS"]
    if not days:
        return "off"
    cutoff = now - timedelta(days=days)
    closed = 0
    while True:
        tickets = list(db.session.scalars(
            select(Ticket).where(Ticket.status == "resolved", Ticket.resolved_at <= cutoff,
                                 Ticket.merged_into_id.is_(None))
            .order_by(Ticket.resolved_at, Ticket.id).limit(BATCH)))
        for ticket in tickets:
            close(ticket, days=days)
            closed += 1
        if len(tickets) < BATCH:
            break
    return f"{closed} tickets closed"


def close(ticket, *, days) -> None:
    notify.notify_customer(ticket.customer, "ticket_auto_closed", ticket=ticket, days=days)
    audit.record(None, "ticket.auto_closed", ticket, number=ticket.number, days=days)
    workflow.change_status(ticket, "closed", actor=None)  # commits the notice and the audit row with it
