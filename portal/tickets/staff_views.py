"""Agent pages: the queue and a ticket with its actions.  /admin/tickets/...  (phone-call intake: channels/phone.py)

Every route that takes a ticket number loads it through get_ticket_or_404 first (a ticket the agent may
not see is not found), then checks the permission the action needs (403).
"""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import joinedload

from .. import navigation, security
from ..accounts.departments import list_departments
from ..accounts.models import StaffUser
from ..extensions import db
from ..persian import to_ascii_digits
from ..security import staff_required
from . import services
from .access import can_see, get_ticket_or_404
from .forms import (AssignForm, CategoryChoiceForm, MergeForm, PriorityForm,
                    StaffReplyForm, StatusForm, TransferForm)
from .labels import STATUS_LABELS
from .models import Ticket
from .services import categories, queries
from .view_helpers import attempt, flash_errors, upload_hint
from .access import visible_tickets

bp = Blueprint("staff_tickets", __name__, url_prefix="/admin/tickets", template_folder="templates")

navigation.add("staff_tickets.queue", _l("Tickets queue"), security.is_staff, order=20)

ACTION_PERMISSIONS = ("tickets.reply", "tickets.assign", "tickets.merge", "tickets.create_for_customer",
                      "tickets.view_all", "canned.manage", "access.manage", "customers.view")


def _perms():
    return {p: security.can(current_user, p) for p in ACTION_PERMISSIONS}


def _ticket_for(number, permission=None, *options) -> Ticket:
    """The ticket if this agent may see it (else 404), and may do `permission` (else 403)."""
    ticket = get_ticket_or_404(number, current_user, *options)
    if permission and not security.can(current_user, permission):
        abort(403)
    return ticket


def _back(ticket, anchor=None):
    return redirect(url_for("staff_tickets.detail", number=ticket.number, _anchor=anchor))


def _submit(form, action, success) -> None:
    """Validate the form, run the service action and flash the outcome; a refused action flashes its reason.

    `success` is the message, or a function giving it once the action has run."""
    if not form.validate_on_submit():
        flash_errors(form)
        return
    try:
        action()
    except services.TicketError as error:
        flash(str(error), "warning")
    else:
        flash(success() if callable(success) else success, "success")


def _back_or_queue(ticket):
    """Back to the ticket, or to the queue when the action moved it out of this agent's sight."""
    return _back(ticket) if can_see(ticket, current_user) else redirect(url_for("staff_tickets.queue"))


# --- the queue -------------------------------------------------------------------------------------

@bp.get("/")
@staff_required
def queue():
    filters = queries.QueueFilters.from_args(request.args)
    page, counts = services.queue(current_user, filters, per_page=current_app.config["PORTAL_QUEUE_PER_PAGE"])
    return render_template("tickets/staff/queue.html", page=page, counts=counts, filters=filters,
                           choices=queries.queue_choices(current_user), perms=_perms())


# --- one ticket ------------------------------------------------------------------------------------

_DETAIL_OPTIONS = (joinedload(Ticket.department), joinedload(Ticket.category), joinedload(Ticket.feedback),
                   queries.lean_staff(Ticket.assignee))


@bp.get("/<number>")
@staff_required
def detail(number):
    ticket = _ticket_for(number, None, *_DETAIL_OPTIONS)
    return _detail_page(ticket, _reply_form(ticket, blank=True), mark_seen=True)


def _reply_form(ticket, *, blank=False):
    form = StaffReplyForm(formdata=None) if blank else StaffReplyForm()
    form.status.choices = [("", _("Status: automatic"))] + [
        (s, _("Status: %(status)s", status=STATUS_LABELS[s])) for s in services.allowed_statuses(ticket)]
    return form


def _detail_page(ticket, reply_form, *, mark_seen=False):
    perms = _perms()
    messages = services.thread(ticket, include_internal=True)
    if mark_seen:
        services.mark_seen(ticket, current_user, messages)
    departments = list_departments(active_only=True)
    topics = categories.active_categories()
    staff = queries.assignable_staff()
    status_form = StatusForm(formdata=None, status=ticket.status)
    status_form.status.choices = [(s, STATUS_LABELS[s]) for s in (ticket.status, *services.allowed_statuses(ticket))]
    assign_form = AssignForm(formdata=None, assignee=ticket.assignee_id or 0)
    assign_form.assignee.choices = [(0, _("Unassigned"))] + staff
    transfer_form = TransferForm(formdata=None, department=ticket.department_id)
    transfer_form.department.choices = [(d.id, d.name) for d in departments]
    category_form = CategoryChoiceForm(formdata=None, category=ticket.category_id or 0)
    category_form.category.choices = [(0, "—")] + [(c.id, f"{c.name} ({c.department.name})") for c in topics]
    return render_template(
        "tickets/staff/detail.html", ticket=ticket, messages=messages, events=services.history(ticket),
        satisfaction=services.satisfaction(ticket.customer_id, current_user), reply_form=reply_form,
        canned_replies=services.canned_filled_for(ticket, current_user) if perms["tickets.reply"] else [],
        status_form=status_form, priority_form=PriorityForm(formdata=None, priority=ticket.priority),
        assign_form=assign_form, transfer_form=transfer_form, category_form=category_form,
        merge_form=MergeForm(formdata=None), others=queries.other_tickets_of_customer(ticket, current_user),
        perms=perms, upload_hint=upload_hint(), customer=ticket.customer)


@bp.post("/<number>/reply")
@staff_required
def reply(number):
    ticket = _ticket_for(number, "tickets.reply", *_DETAIL_OPTIONS)
    form = _reply_form(ticket)
    if form.validate_on_submit():
        sent = attempt(form, lambda: services.reply(ticket, author=current_user, body=form.body.data,
                                                    files=form.attachments.data, internal=form.internal.data,
                                                    status=form.status.data or None))
        if sent.refused:
            return _back(ticket)
        if sent.ok:
            flash(_("The internal note was added.") if form.internal.data else _("Your reply was sent."), "success")
            return _back(ticket, "end")
    return _detail_page(ticket, form)


@bp.post("/<number>/status")
@staff_required
def status(number):
    ticket = _ticket_for(number, "tickets.reply")
    form = StatusForm()
    form.status.choices = [ticket.status, *services.allowed_statuses(ticket)]
    _submit(form, lambda: services.change_status(ticket, form.status.data, actor=current_user),
            _("The status was changed."))
    return _back(ticket)


@bp.post("/<number>/priority")
@staff_required
def priority(number):
    ticket = _ticket_for(number, "tickets.reply")
    form = PriorityForm()
    _submit(form, lambda: services.set_priority(ticket, form.priority.data, actor=current_user),
            _("The priority was changed."))
    return _back(ticket)


@bp.post("/<number>/category")
@staff_required
def category(number):
    ticket = _ticket_for(number, "tickets.assign")
    form = CategoryChoiceForm()
    topics = {c.id: c for c in categories.active_categories()}
    form.category.choices = [(i, c.name) for i, c in topics.items()]
    _submit(form, lambda: services.set_category(ticket, topics[form.category.data], actor=current_user),
            _("The topic was changed."))
    return _back_or_queue(ticket)


@bp.post("/<number>/assign")
@staff_required
def assign(number):
    ticket = _ticket_for(number, "tickets.assign")
    form = AssignForm()
    form.assignee.choices = [(0, "")] + queries.assignable_staff()

    def give():  # 0 in the form: nobody, back to the department's queue
        services.assign(ticket, db.session.get(StaffUser, form.assignee.data) if form.assignee.data else None,
                        actor=current_user)

    _submit(form, give,
            lambda: _("The ticket was assigned.") if ticket.assignee_id else _("The ticket is unassigned."))
    return _back_or_queue(ticket)


@bp.post("/<number>/claim")
@staff_required
def claim(number):
    ticket = _ticket_for(number, "tickets.reply")
    services.claim(ticket, current_user)
    flash(_("The ticket is yours."), "success")
    return _back(ticket)


@bp.post("/<number>/transfer")
@staff_required
def transfer(number):
    ticket = _ticket_for(number, "tickets.assign")
    form = TransferForm()
    departments = {d.id: d for d in list_departments(active_only=True)}
    form.department.choices = [(i, d.name) for i, d in departments.items()]
    _submit(form, lambda: services.transfer(ticket, departments[form.department.data], actor=current_user),
            lambda: _("The ticket was moved to %(department)s.", department=ticket.department.name))
    return _back_or_queue(ticket)


@bp.post("/<number>/merge")
@staff_required
def merge(number):
    duplicate = _ticket_for(number, "tickets.merge")
    form = MergeForm()
    if not form.validate_on_submit():
        flash_errors(form)
        return _back(duplicate)
    into = db.session.scalar(visible_tickets(current_user).where(
        Ticket.number == _clean_number(form.into.data)))
    if into is None:
        flash(_("No ticket with that number that you can see."), "warning")
        return _back(duplicate)
    try:
        services.merge(duplicate, into, actor=current_user)
    except services.TicketError as error:
        flash(str(error), "warning")
        return _back(duplicate)
    flash(_("The ticket was merged; the customer has been told."), "success")
    return _back(into)


def _clean_number(text):
    return to_ascii_digits((text or "").strip())

