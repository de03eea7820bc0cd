"""Opening a ticket: from the portal, or logged by staff from a call, an SMS or an e-mail."""
from __future__ import annotations

import secrets
from datetime import timezone
from zoneinfo import ZoneInfo

import jdatetime
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ... import audit, notify
from ...extensions import db
from ...models_base import utcnow
from ..models import CHANNELS, PRIORITIES, Ticket, TicketMessage, TicketStaffView
from . import attachments, sla
from .history import TicketError, record

NUMBER_DIGITS = 7


def new_ticket_number(now=None) -> str:
    """05-4821937: the Jalali year, then random digits: short enough to read over the phone, unique, and
    telling nothing about how many tickets there are or what another customer's number is."""
    local = (now or utcnow()).replace(tzinfo=timezone.utc).astimezone(ZoneInfo(current_app.config["PORTAL_TIMEZONE"]))
    year = jdatetime.date.fromgregorian(date=local.date()).year % 100
    while True:
        number = f"{year:02d}-{secrets.randbelow(9 * 10 ** (NUMBER_DIGITS - 1)) + 10 ** (NUMBER_DIGITS - 1)}"
        if db.session.scalar(select(Ticket.id).where(Ticket.number == number)) is None:
            return number


def clean_subject(subject: str) -> str:
    return " ".join((subject or "").split())[:200]


def open_ticket(customer, *, subject, body, category, files=(), channel="portal", created_by=None,
                priority="normal", follows_up=None) -> Ticket:
    """Create the ticket, its first message and attachments, its due times, history, audit and notification;
    commit. Raises attachments.UploadRejected or TicketError before anything is written."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    if priority not in PRIORITIES:
        raise ValueError(f"unknown priority {priority!r}")
    subject, body = clean_subject(subject), (body or "").strip()
    if not subject or not body:
        raise TicketError(_l("A ticket needs a subject and a description."))
    if category is None or not category.is_active:
        raise TicketError(_l("Choose a topic for the ticket."))
    if follows_up is not None and follows_up.customer_id != customer.id:
        raise TicketError(_l("A ticket can only follow up one of the same customer's tickets."))
    attachments.check_files(files)

    now = utcnow()
    first_due, resolution_due = sla.due_times(now, sla.ticket_targets(priority, category), sla.calendar())
    ticket = Ticket(number=new_ticket_number(now), customer=customer, subject=subject, status="new",
                    priority=priority, channel=channel, category=category, department_id=category.department_id,
                    created_by_staff=created_by, created_at=now, last_activity_at=now, customer_seen_at=now,
                    first_response_due_at=first_due, resolution_due_at=resolution_due, sla_due_at=first_due,
                    follows_up=follows_up)
    message = TicketMessage(ticket=ticket, author_customer_id=customer.id, body=body, channel=channel, created_at=now)
    db.session.add_all([ticket, message])
    written = []
    try:
        db.session.flush()
        _rows, written = attachments.store(files, ticket=ticket, message=message)
        record(ticket, created_by or customer, "created", None, "new", at=now)
        if created_by is not None:  # the agent who logged the call has read what they typed
            db.session.add(TicketStaffView(ticket_id=ticket.id, staff_id=created_by.id, seen_at=now))
        audit.record(created_by or customer, "ticket.opened", ticket, number=ticket.number, channel=channel,
                     customer=customer.number)
        notify.notify_customer(customer, "ticket_opened", ticket=ticket, message=message)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        attachments.remove(written)
        raise
    return ticket
