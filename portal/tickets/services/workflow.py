"""Changing a ticket: replies and internal notes, status, assignment, priority, topic, merging, reopening.

Each function takes plain arguments, validates, writes the change with its history row (and audit row
for assignments and status changes) and its notification in one transaction, and commits.
Who may call which is the views' business (permissions); what is allowed is decided here.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from ... import notify, security
from ...extensions import db
from ...models_base import utcnow
from ..labels import STATUS_LABELS
from ..models import PRIORITIES, Attachment, TicketMessage, TicketStaffView
from . import attachments, sla, timing
from .history import TicketError, record

# new -> open -> waiting for customer -> resolved -> closed; reopening goes back to open.
TRANSITIONS = {
    "new": ("open", "waiting", "resolved", "closed"),
    "open": ("waiting", "resolved", "closed"),
    "waiting": ("open", "resolved", "closed"),
    "resolved": ("open", "closed"),
    "closed": ("open",),
}


class ReopenExpired(TicketError):
    """Closed too long ago to reopen: the customer opens a new ticket that follows this one up."""


def allowed_statuses(ticket) -> tuple[str, ...]:
    return TRANSITIONS[ticket.status]


def can_reopen(ticket, now=None) -> bool:
    if ticket.status not in ("resolved", "closed") or ticket.merged_into_id or ticket.ended_at is None:
        return False
    return (now or utcnow()) - ticket.ended_at <= timedelta(days=current_app.config["PORTAL_REOPEN_DAYS"])


def _refresh_due(ticket) -> None:
    ticket.sla_due_at = sla.next_due(status=ticket.status, first_response_at=ticket.first_response_at,
                                     first_response_due_at=ticket.first_response_due_at,
                                     resolution_due_at=ticket.resolution_due_at)


def _recompute_targets(ticket) -> None:
    """New priority or topic: the due times as if the ticket had been opened with them."""
    ticket.first_response_due_at, ticket.resolution_due_at = sla.due_times(
        ticket.created_at, sla.ticket_targets(ticket.priority, ticket.category), sla.calendar())
    _refresh_due(ticket)


def _set_status(ticket, status, actor, now) -> bool:
    old = ticket.status
    if status == old:
        return False
    if status not in TRANSITIONS[old]:
        raise TicketError(_l("A ticket cannot go from “%(old)s” to “%(new)s”.",
                             old=STATUS_LABELS[old], new=STATUS_LABELS.get(status, status)))
    ticket.status = status
    if status == "resolved":
        ticket.resolved_at = now
    elif status == "closed":
        ticket.closed_at = now
        ticket.resolved_at = ticket.resolved_at or now
    elif old in ("resolved", "closed"):  # reopened: a fresh resolution target from now
        ticket.resolved_at = ticket.closed_at = None
        ticket.resolution_due_at = sla.add_business_minutes(
            now, round(sla.ticket_targets(ticket.priority, ticket.category).resolution_hours * 60), sla.calendar())
    timing.resolution(ticket)
    _refresh_due(ticket)
    ticket.last_activity_at = now
    record(ticket, actor, "status", old, status, at=now, audited="ticket.status_changed")
    return True


def _commit_or_clean(written) -> None:
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()
        attachments.remove(written)
        raise


def _refuse_if_merged(ticket) -> None:
    if ticket.merged_into_id:
        raise TicketError(_l("This ticket was merged into ticket %(number)s.", number=ticket.merged_into.number))


def reply(ticket, *, author, body, files=(), internal=False, status=None, channel="portal") -> TicketMessage:
    """A message on the ticket. Customers' replies reopen a ticket waiting on them; an agent's public reply
    is the first response if none was given and, unless another status is asked for, waits for the customer.
    Internal notes (staff only) are never shown or sent to the customer; they keep the status unless one
    is asked for (a resolution is then announced without the note)."""
    body = (body or "").strip()
    if not body:
        raise TicketError(_l("Write a message first."))
    _refuse_if_merged(ticket)
    attachments.check_files(files)
    now = utcnow()
    if security.is_customer(author):
        if author.id != ticket.customer_id:
            raise PermissionError("not this customer's ticket")
        internal = False
        if ticket.status == "closed" or (ticket.status == "resolved" and not can_reopen(ticket, now)):
            raise TicketError(_l("This ticket is closed. Reopen it, or open a new ticket."))
        new_status = "open" if ticket.status in ("waiting", "resolved") else None
        message = TicketMessage(ticket=ticket, author_customer_id=author.id, body=body, channel=channel,
                                created_at=now)
    else:
        if status is not None and status not in TRANSITIONS:
            raise ValueError(f"unknown status {status!r}")
        new_status = status if internal or status else ("waiting" if ticket.status in ("new", "open") else None)
        message = TicketMessage(ticket=ticket, author_staff_id=author.id, body=body, is_internal=bool(internal),
                                channel=channel, created_at=now)
        if not internal:
            timing.first_response(ticket, author, now)
    db.session.add(message)
    written = []
    try:
        if not message.is_internal:
            ticket.last_activity_at = now
        changed = bool(new_status) and _set_status(ticket, new_status, author, now)
        if not changed:
            _refresh_due(ticket)
        db.session.flush()
        _rows, written = attachments.store(files, ticket=ticket, message=message)
        resolved_now = changed and ticket.status == "resolved"
        if message.from_staff and not message.is_internal:
            notify.notify_customer(ticket.customer, "ticket_resolved" if resolved_now else "ticket_reply",
                                   ticket=ticket, message=message)
        elif message.from_staff and resolved_now:  # resolved with an internal note: say so, and nothing more
            notify.notify_customer(ticket.customer, "ticket_resolved", ticket=ticket)
    except BaseException:
        db.session.rollback()
        attachments.remove(written)
        raise
    _commit_or_clean(written)
    return message


def change_status(ticket, status, *, actor) -> None:
    """An agent moves the ticket along the workflow; the customer hears of a resolution."""
    _refuse_if_merged(ticket)
    if _set_status(ticket, status, actor, utcnow()) and status == "resolved" and security.is_staff(actor):
        notify.notify_customer(ticket.customer, "ticket_resolved", ticket=ticket)
    db.session.commit()


def close_by_customer(ticket, customer) -> None:
    if customer.id != ticket.customer_id:
        raise PermissionError("not this customer's ticket")
    _refuse_if_merged(ticket)
    if ticket.status == "closed":
        raise TicketError(_l("This ticket is already closed."))
    _set_status(ticket, "closed", customer, utcnow())
    db.session.commit()


def reopen_by_customer(ticket, customer) -> None:
    """Back to open within PORTAL_REOPEN_DAYS of closing; after that ReopenExpired (open a follow-up instead)."""
    if customer.id != ticket.customer_id:
        raise PermissionError("not this customer's ticket")
    _refuse_if_merged(ticket)
    if ticket.status not in ("resolved", "closed"):
        raise TicketError(_l("This ticket is still open."))
    if not can_reopen(ticket):
        raise ReopenExpired(_l("This ticket was closed more than %(days)s days ago; open a new ticket about it.",
                               days=current_app.config["PORTAL_REOPEN_DAYS"]))
    _set_status(ticket, "open", customer, utcnow())
    db.session.commit()


def can_be_assigned(staff) -> bool:
    return bool(staff is not None and staff.active and security.can(staff, "tickets.reply"))


def assign(ticket, assignee, *, actor) -> None:
    """Give the ticket to an agent (None: back to the department's queue); the agent hears of it."""
    if assignee is not None and not can_be_assigned(assignee):
        raise TicketError(_l("%(name)s cannot answer tickets.", name=assignee.full_name))
    if (assignee.id if assignee else None) == ticket.assignee_id:
        return
    _assign(ticket, assignee, actor)
    if assignee is not None and assignee.id != getattr(actor, "id", None):
        notify.notify_staff(assignee, "ticket_assigned", ticket=ticket, actor=actor)
    db.session.commit()


def _assign(ticket, assignee, actor) -> None:
    old = ticket.assignee
    ticket.assignee = assignee
    record(ticket, actor, "assignee", old.full_name if old else None, assignee.full_name if assignee else None,
           audited="ticket.assigned", assignee_id=assignee.id if assignee else None)


def claim(ticket, agent) -> None:
    assign(ticket, agent, actor=agent)


def transfer(ticket, department, *, actor) -> None:
    """To another department's queue; the assignee lets go of it."""
    if department.id == ticket.department_id:
        return
    _move_department(ticket, department, actor)
    db.session.commit()


def _move_department(ticket, department, actor) -> None:
    old = ticket.department
    ticket.department = department
    record(ticket, actor, "department", old.name if old else None, department.name, audited="ticket.transferred",
           department_id=department.id)
    if ticket.assignee_id is not None:
        _assign(ticket, None, actor)


def set_priority(ticket, priority, *, actor) -> None:
    if priority not in PRIORITIES:
        raise ValueError(f"unknown priority {priority!r}")
    if priority == ticket.priority:
        return
    old = ticket.priority
    ticket.priority = priority
    _recompute_targets(ticket)
    record(ticket, actor, "priority", old, priority)
    db.session.commit()


def set_category(ticket, category, *, actor) -> None:
    """A new help topic; when it belongs to another department, the ticket moves there too."""
    if category.id == ticket.category_id:
        return
    old = ticket.category
    ticket.category = category
    record(ticket, actor, "category", old.name if old else None, category.name)
    if category.department_id != ticket.department_id:
        _move_department(ticket, category.department, actor)
    _recompute_targets(ticket)
    db.session.commit()


def merge(duplicate, into, *, actor) -> None:
    """Move the duplicate's messages and attachments into the other ticket, close the duplicate, tell the customer."""
    if duplicate.id == into.id:
        raise TicketError(_l("A ticket cannot be merged into itself."))
    if duplicate.customer_id != into.customer_id:
        raise TicketError(_l("Only tickets of the same customer can be merged."))
    if duplicate.merged_into_id or into.merged_into_id:
        raise TicketError(_l("One of these tickets has already been merged."))
    now = utcnow()
    db.session.execute(update(TicketMessage).where(TicketMessage.ticket_id == duplicate.id).values(ticket_id=into.id))
    db.session.execute(update(Attachment).where(Attachment.ticket_id == duplicate.id).values(ticket_id=into.id))
    old_status = duplicate.status
    duplicate.merged_into = into
    duplicate.status = "closed"
    duplicate.closed_at = now
    duplicate.resolved_at = duplicate.resolved_at or now
    timing.resolution(duplicate)
    duplicate.sla_due_at = None
    duplicate.last_activity_at = now
    into.last_activity_at = now
    if into.first_response_at is None and duplicate.first_response_at is not None:
        timing.first_response(into, duplicate.first_responder, duplicate.first_response_at)
        _refresh_due(into)
    record(duplicate, actor, "merged_into", None, into.number, at=now, audited="ticket.merged", into=into.number)
    if old_status != "closed":
        record(duplicate, actor, "status", old_status, "closed", at=now)
    record(into, actor, "merged_from", None, duplicate.number, at=now)
    notify.notify_customer(into.customer, "ticket_merged", ticket=duplicate, into=into)
    db.session.commit()
    db.session.expire(duplicate, ["messages"])
    db.session.expire(into, ["messages"])


def mark_seen(ticket, user, messages) -> None:
    """The reader has seen the thread: for the customer, later agent replies are unread again; for an agent,
    later customer messages. Writes only when something newer than the last look is on the page."""
    if security.is_staff(user):
        _mark_seen_by_staff(ticket, user, messages)
        return
    if not security.is_customer(user) or user.id != ticket.customer_id:
        return
    latest = max((m.created_at for m in messages if m.from_staff and not m.is_internal), default=None)
    if latest is not None and (ticket.customer_seen_at is None or latest > ticket.customer_seen_at):
        ticket.customer_seen_at = utcnow()
        db.session.commit()


def _mark_seen_by_staff(ticket, staff, messages) -> None:
    latest = max((m.created_at for m in messages if m.author_customer_id is not None), default=None)
    if latest is None:
        return
    view = db.session.get(TicketStaffView, (ticket.id, staff.id))
    if view is None:
        db.session.add(TicketStaffView(ticket_id=ticket.id, staff_id=staff.id, seen_at=utcnow()))
    elif latest > view.seen_at:
        view.seen_at = utcnow()
    else:
        return
    try:
        db.session.commit()
    except IntegrityError:  # the same agent opened it in two tabs at once: the other look was recorded
        db.session.rollback()
