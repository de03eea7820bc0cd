"""Logging a ticket on a customer's behalf from a phone call or an SMS.  /admin/tickets/new"""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from ..accounts import services as accounts
from ..customers.access import lookup_customer, lookup_rate_limit
from ..jalali import format_number
from ..persian import classify_identifier
from ..security import require_permission
from ..tickets import services
from ..tickets.access import can_see
from ..tickets.forms import FindCustomerForm, PhoneTicketForm, QuickCustomerForm
from ..tickets.services import categories
from ..tickets.view_helpers import attempt, upload_hint

bp = Blueprint("phone_intake", __name__, url_prefix="/admin/tickets", template_folder="templates")


@bp.route("/new", methods=["GET", "POST"])
@require_permission("tickets.create_for_customer")
@lookup_rate_limit
def new():
    """Find the customer by any identifier, then write down the ticket; offer to add a customer not found."""
    finder = FindCustomerForm(request.args)
    identifier = request.form.get("identifier") or request.args.get("identifier", "")
    # Through the same policy, audit and alarm as the customer search: nobody outside the agent's reach.
    customer = lookup_customer(current_user, identifier) if identifier.strip() else None
    form = PhoneTicketForm(identifier=identifier)
    topics = categories.active_categories()
    form.category.choices = [(0, _("Choose a topic"))] + [(c.id, f"{c.name} ({c.department.name})") for c in topics]
    if customer is not None and form.validate_on_submit():
        opened = attempt(form, lambda: services.open_ticket(
            customer, subject=form.subject.data, body=form.body.data,
            category=next(c for c in topics if c.id == form.category.data), files=form.attachments.data,
            channel=form.channel.data, created_by=current_user, priority=form.priority.data))
        if opened.ok:
            ticket = opened.value
            flash(_("Ticket %(number)s was logged for %(name)s.", number=format_number(ticket.number, get_locale()),
                    name=customer.full_name), "success")
            if can_see(ticket, current_user):
                return redirect(url_for("staff_tickets.detail", number=ticket.number))
            return redirect(url_for("staff_tickets.queue"))
    new_customer = None
    if identifier.strip() and customer is None:
        new_customer = QuickCustomerForm(formdata=None, **_guess_fields(identifier))
    return render_template("channels/phone_new.html", finder=finder, form=form, customer=customer,
                           identifier=identifier, new_customer=new_customer, upload_hint=upload_hint(),
                           satisfaction=services.satisfaction(customer.id, current_user) if customer else None)


@bp.post("/new/customer")
@require_permission("tickets.create_for_customer")
def new_customer():
    form = QuickCustomerForm()
    if form.validate_on_submit():
        try:
            customer = accounts.create_customer(full_name=form.full_name.data, mobile=form.mobile.data or None,
                                                national_code=form.national_code.data or None,
                                                email=form.email.data or None, actor=current_user)
        except accounts.DuplicateIdentifier as taken:
            getattr(form, taken.field).errors.append(_("Another customer already uses this."))
        else:
            flash(_("Customer %(name)s was added with number %(number)s.", name=customer.full_name,
                    number=format_number(customer.number, get_locale())), "success")
            return redirect(url_for("phone_intake.new", identifier=customer.number))
    finder = FindCustomerForm(formdata=None)
    return render_template("channels/phone_new.html", finder=finder, form=None, customer=None, identifier="",
                           new_customer=form, upload_hint=upload_hint(), satisfaction=None)


def _guess_fields(identifier: str) -> dict:
    """Put what the agent typed into the field it looks like."""
    kind, value = classify_identifier(identifier) or (None, None)
    return {"mobile": value} if kind == "mobile" else {"national_code": value} if kind == "national_code" \
        else {"email": value} if kind == "email" else {}

