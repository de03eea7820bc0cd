"""/api/v1/tickets: list, open, read, reply, internal note, change status/priority/assignee.

Every ticket is loaded through get_ticket_or_404(number, owner) and every change goes through
tickets.services, with the permission the same action needs on the agent's page.
"""
from flask import abort, request, url_for
from flask_babel import gettext as _
from flask_smorest import abort as smorest_abort
from sqlalchemy.orm import joinedload

from ... import security
from ...accounts.models import StaffUser
from ...accounts.services import find_customer
from ...extensions import db
from ...tickets import services
from ...tickets.access import can_see, get_ticket_or_404
from ...tickets.models import Ticket
from ...tickets.services import categories
from ...tickets.services.queries import QueueFilters, lean_staff
from . import intake, listing
from .core import api_blueprint, api_user
from .schemas import NoteIn, ReplyIn, TicketChange, TicketCreate, TicketDetail, TicketListArgs, TicketPage

bp = api_blueprint("api_tickets", __name__, url_prefix="/tickets", description="Tickets")

_DETAIL_OPTIONS = (joinedload(Ticket.department), joinedload(Ticket.category), lean_staff(Ticket.assignee))


def _require(permission):
    if not security.can(api_user(), permission):
        abort(403)


class _DetailView:
    """TicketDetail reads .messages; give it the thread the person may see (no internal notes for customers)."""

    def __init__(self, ticket):
        self._ticket = ticket
        self.messages = services.thread(ticket, include_internal=security.is_staff(api_user()))

    def __getattr__(self, name):
        return getattr(self._ticket, name)


def _refused(error):
    smorest_abort(409, message=str(error))


@bp.get("")
@bp.arguments(TicketListArgs, location="query")
@bp.response(200, TicketPage)
def list_tickets(args):
    """Tickets the token's owner may see, with the agent queue's filters; newest activity first."""
    filters = QueueFilters(status=args["status"], department=args.get("department"), category=args.get("category"),
                           priority=args.get("priority"), assignee=args["assignee"], channel=args.get("channel"),
                           overdue=args["overdue"])
    try:
        items, next_cursor = listing.ticket_page(api_user(), filters, limit=args["limit"], cursor=args.get("cursor"))
    except listing.BadCursor:
        smorest_abort(422, errors={"cursor": [_("Not a cursor of this list.")]})
    return {"items": items, "next_cursor": next_cursor}


@bp.post("")
@bp.arguments(TicketCreate)
@bp.response(201, TicketDetail)
def create_ticket(data):
    """Open a ticket (channel "api"). Staff name the customer by any identifier (needs
    tickets.create_for_customer); a customer's token opens it for that customer."""
    user = api_user()
    if security.is_staff(user):
        _require("tickets.create_for_customer")
        if find_customer(data.get("customer") or "") is None:
            smorest_abort(422, errors={"customer": [_("No customer has this identifier.")]})
    category = next((c for c in categories.active_categories() if c.id == data["category_id"]), None)
    if category is None:
        smorest_abort(422, errors={"category_id": [_("No active topic has this id.")]})
    # Stored raw first, then processed, like every channel; the same Idempotency-Key gives the same ticket.
    message = intake.receive(user, request.get_data(), idempotency_key=request.headers.get("Idempotency-Key"),
                             subject=data["subject"])
    ticket = message.ticket
    if message.status != "processed" or ticket is None:
        _refused(message.error or _("The ticket could not be opened; it was kept and will be looked at."))
    if not can_see(ticket, user):  # logged for a department the agent does not work in
        return _DetailView(ticket), 201
    return _DetailView(get_ticket_or_404(ticket.number, user, *_DETAIL_OPTIONS)), 201, {
        "Location": url_for("api_tickets.get_ticket", number=ticket.number)}


@bp.get("/<number>")
@bp.response(200, TicketDetail)
def get_ticket(number):
    """One ticket with its messages; internal notes only for staff."""
    return _DetailView(get_ticket_or_404(number, api_user(), *_DETAIL_OPTIONS))


@bp.post("/<number>/replies")
@bp.arguments(ReplyIn)
@bp.response(201, TicketDetail)
def reply(data, number):
    """A reply the customer sees (staff need tickets.reply). Staff may set the status after it."""
    user = api_user()
    ticket = get_ticket_or_404(number, user, *_DETAIL_OPTIONS)
    status = None
    if security.is_staff(user):
        _require("tickets.reply")
        status = data.get("status")
    _write(ticket, lambda: services.reply(ticket, author=user, body=data["body"], status=status, channel="api"))
    return _after_change(ticket), 201


@bp.post("/<number>/notes")
@bp.arguments(NoteIn)
@bp.response(201, TicketDetail)
def note(data, number):
    """An internal note, never shown or sent to the customer (staff with tickets.reply)."""
    user = api_user()
    ticket = get_ticket_or_404(number, user, *_DETAIL_OPTIONS)
    if not security.is_staff(user):
        abort(403)
    _require("tickets.reply")
    _write(ticket, lambda: services.reply(ticket, author=user, body=data["body"], internal=True,
                                          status=data.get("status"), channel="api"))
    return _after_change(ticket), 201


@bp.patch("/<number>")
@bp.arguments(TicketChange)
@bp.response(200, TicketDetail)
def change(data, number):
    """Change the status, the priority (both need tickets.reply) and/or the assignee (tickets.assign)."""
    user = api_user()
    ticket = get_ticket_or_404(number, user, *_DETAIL_OPTIONS)
    if not security.is_staff(user):
        abort(403)
    if "status" in data or "priority" in data:
        _require("tickets.reply")
    if "assignee_id" in data:
        _require("tickets.assign")
        assignee = None
        if data["assignee_id"] is not None:
            assignee = db.session.get(StaffUser, data["assignee_id"])
            if assignee is None:
                smorest_abort(422, errors={"assignee_id": [_("No staff member has this id.")]})
    if "status" in data and data["status"] != ticket.status \
            and data["status"] not in services.allowed_statuses(ticket):
        # refused before anything else changes; the service raises the reason a person can read
        _write(ticket, lambda: services.change_status(ticket, data["status"], actor=user))
    if "priority" in data:
        _write(ticket, lambda: services.set_priority(ticket, data["priority"], actor=user))
    if "status" in data:
        _write(ticket, lambda: services.change_status(ticket, data["status"], actor=user))
    if "assignee_id" in data:
        _write(ticket, lambda: services.assign(ticket, assignee, actor=user))
    return _after_change(ticket)


def _write(ticket, action):
    try:
        action()
    except services.TicketError as error:
        db.session.rollback()
        _refused(error)
    except PermissionError:
        db.session.rollback()
        abort(403)


def _after_change(ticket):
    """The ticket as it is now, if the person may still see it (an assignment may take it away)."""
    user = api_user()
    if not can_see(ticket, user):
        abort(404)
    db.session.refresh(ticket)
    return _DetailView(ticket)

