"""Follow-ups on tickets and tasks on customers.  /admin/follow-ups/..."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import navigation, security
from ..customers.access import get_customer_or_404
from ..extensions import db
from ..security import require_permission, staff_required
from ..tickets.access import get_ticket_or_404
from . import followups
from .forms import FollowUpForm
from .models import FollowUp

bp = Blueprint("follow_ups", __name__, url_prefix="/admin/follow-ups", template_folder="templates")

navigation.add("follow_ups.mine", _l("My follow-ups"), navigation.with_permission("tickets.reply"), order=25)


@bp.app_template_global()
def follow_up_form():
    return FollowUpForm(formdata=None)


@bp.app_template_global()
def open_follow_ups(customer_id=None, ticket_id=None):
    return followups.open_for(customer_id=customer_id, ticket_id=ticket_id)


@bp.app_template_global()
def my_follow_ups():
    return followups.open_for_owner(current_user) if security.is_staff(current_user) else []


@bp.get("/")
@staff_required
def mine():
    return render_template("automations/follow_ups.html", follow_ups=followups.open_for_owner(current_user))


@bp.post("/ticket/<number>")
@require_permission("tickets.reply")
def add_for_ticket(number):
    ticket = get_ticket_or_404(number, current_user)
    _add(ticket=ticket, customer=ticket.customer)
    return redirect(url_for("staff_tickets.detail", number=ticket.number, _anchor="follow-ups"))


@bp.post("/customer/<int:customer_id>")
@require_permission("customers.edit")
def add_for_customer(customer_id):
    customer = get_customer_or_404(customer_id, current_user)
    _add(ticket=None, customer=customer)
    return redirect(url_for("customers.profile", customer_id=customer.id, _anchor="follow-ups"))


def _add(*, ticket, customer):
    form = FollowUpForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "danger")
        return
    try:
        followups.add(owner=current_user, customer=customer, ticket=ticket, note=form.note.data,
                      due_at=followups.local_to_utc(form.due_on.data, form.due_time.parsed))
    except followups.FollowUpError as error:
        flash(str(error), "danger")
    else:
        flash(_("The follow-up was set; you will be reminded at its time."), "success")


@bp.post("/<int:follow_up_id>/done")
@staff_required
def done(follow_up_id):
    follow_up = db.session.get(FollowUp, follow_up_id)
    if follow_up is None or (follow_up.owner_id != current_user.id and not security.can(current_user, "tickets.view_all")):
        abort(404)
    followups.complete(follow_up, actor=current_user)
    flash(_("The follow-up is done."), "success")
    target = request.form.get("next")
    return redirect(target if target and target.startswith("/admin/") and not target.startswith("//")
                    else url_for(".mine"))
