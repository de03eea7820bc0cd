"""Load and check in one place: every route that takes a ticket number or an attachment id goes through here.

Another customer's ticket, or a ticket outside an agent's departments, is simply not found (404):
nobody learns that it exists.
"""
from flask import abort
from sqlalchemy import false, or_, select

from .. import security
from ..extensions import db
from .models import Attachment, CannedReply, Ticket, TicketMessage


def visible_tickets(user):
    """The one place that decides which tickets a person may see; every ticket query starts here.

    Customers see their own tickets; staff with tickets.view_all see all; other staff see their
    departments' tickets and the ones assigned to them; anyone else sees none.
    """
    query = select(Ticket)
    if security.is_customer(user):
        return query.where(Ticket.customer_id == user.id)
    if security.is_staff(user) and user.active:
        if security.can(user, "tickets.view_all"):
            return query
        return query.where(or_(Ticket.department_id.in_(user.department_ids or [-1]), Ticket.assignee_id == user.id))
    return query.where(false())


def get_ticket_or_404(number, user, *options) -> Ticket:
    ticket = db.session.scalar(visible_tickets(user).where(Ticket.number == str(number)).options(*options))
    if ticket is None:
        abort(404)
    return ticket


def can_see(ticket, user) -> bool:
    """Whether the person may still see the ticket (after a transfer or an assignment, perhaps not)."""
    return db.session.scalar(visible_tickets(user).where(Ticket.id == ticket.id)
                             .with_only_columns(Ticket.id)) is not None


def get_attachment_or_404(attachment_id, user) -> Attachment:
    """An attachment of a ticket the person may see; a customer never gets one from an internal note."""
    visible_ids = visible_tickets(user).with_only_columns(Ticket.id)
    query = select(Attachment).where(Attachment.id == attachment_id, Attachment.ticket_id.in_(visible_ids))
    if not security.is_staff(user):
        query = query.outerjoin(TicketMessage, Attachment.message_id == TicketMessage.id).where(
            TicketMessage.is_internal.is_not(True))
    attachment = db.session.scalar(query)
    if attachment is None:
        abort(404)
    return attachment


def sees_every_department(user) -> bool:
    return security.can(user, "tickets.view_all")


def visible_canned_replies(user):
    """Canned replies a manager may edit: every department's with tickets.view_all, else his departments' only."""
    query = select(CannedReply)
    if not security.is_staff(user) or not user.active:
        return query.where(false())
    if sees_every_department(user):
        return query
    return query.where(CannedReply.department_id.in_(user.department_ids or [-1]))


def get_canned_reply_or_404(reply_id, user) -> CannedReply:
    reply = db.session.scalar(visible_canned_replies(user).where(CannedReply.id == reply_id))
    if reply is None:
        abort(404)
    return reply
