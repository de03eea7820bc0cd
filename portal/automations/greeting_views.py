"""A customer's consent to greetings and birthday, set by staff on the profile.  /admin/greetings/<customer_id>"""
from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..customers.access import get_customer_or_404
from ..security import require_permission
from . import greetings
from .forms import GreetingsForm

bp = Blueprint("greetings", __name__, url_prefix="/admin/greetings", template_folder="templates")


@bp.app_template_global()
def greetings_form(customer):
    settings = greetings.get(customer)
    return GreetingsForm(formdata=None, data={"greetings_opt_in": settings.opted_in, "birth_date": settings.birth_date})


@bp.post("/<int:customer_id>")
@require_permission("customers.edit")
def save(customer_id):
    customer = get_customer_or_404(customer_id, current_user)
    form = GreetingsForm()
    if form.validate_on_submit():
        greetings.save(customer, opted_in=form.greetings_opt_in.data, birth_date=form.birth_date.data,
                       actor=current_user)
        flash(_("The greetings settings were saved."), "success")
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(error, "danger")
    return redirect(url_for("customers.profile", customer_id=customer.id, _anchor="greetings"))
