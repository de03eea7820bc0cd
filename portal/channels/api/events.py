"""Ticket events for webhooks, seen where every change passes: the session's flush.

tickets.services writes a Ticket (created), a TicketMessage (a reply) or a TicketEvent with field
"status" (a status change) for every change, whoever makes it (page, API, e-mail, SMS). Watching those rows
at flush time puts the webhook's outbox row in the same transaction as the change, without each service
having to remember to call it.
"""
from sqlalchemy import event
from sqlalchemy.orm import Session

from ...models_base import utcnow
from ...notify import webhooks
from ...tickets.models import Ticket, TicketEvent, TicketMessage


def _ticket_data(ticket) -> dict:
    return {"number": ticket.number, "subject": ticket.subject, "status": ticket.status,
            "priority": ticket.priority, "channel": ticket.channel,
            "customer_number": ticket.customer.number if ticket.customer else None,
            "department_id": ticket.department_id}


def _on_flush(session, _context, _instances):
    now = utcnow()
    found = []
    with session.no_autoflush:
        new_tickets = {obj for obj in session.new if isinstance(obj, Ticket)}
        for obj in list(session.new):
            if isinstance(obj, Ticket):
                found.append(("ticket.created", _ticket_data(obj)))
            elif isinstance(obj, TicketMessage) and not obj.is_internal and obj.ticket is not None \
                    and obj.ticket not in new_tickets:
                found.append(("ticket.replied", {
                    **_ticket_data(obj.ticket),
                    "message": {"author_kind": "staff" if obj.author_staff_id else "customer", "body": obj.body,
                                "channel": obj.channel,
                                "created_at": (obj.created_at or now).isoformat(timespec="seconds") + "Z"}}))
            elif isinstance(obj, TicketEvent) and obj.field == "status" and obj.ticket_id:
                ticket = session.get(Ticket, obj.ticket_id)
                if ticket is not None:
                    found.append(("ticket.status_changed", {**_ticket_data(ticket), "old_status": obj.old_value,
                                                            "new_status": obj.new_value}))
        webhooks.enqueue_events(found, now=now)


def listen() -> None:
    """Called once by init_app; listening twice would send every event twice."""
    if not event.contains(Session, "before_flush", _on_flush):
        event.listen(Session, "before_flush", _on_flush)
