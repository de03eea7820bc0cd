"""Finishing a registration that claims a record the business made (accounts/claims.py).  /auth/claim"""
from flask import Blueprint, current_app, flash, redirect, render_template, session, url_for
from flask_babel import get_locale, gettext as _

from ..extensions import db, limiter
from ..jalali import format_number
from ..persian import mask_mobile, shown_masked
from . import account, claims
from .account_forms import CodeForm
from .models import Customer
from .sessions import start_session

bp = Blueprint("claim", __name__, url_prefix="/auth/claim", template_folder="templates")

SESSION_KEY = "account_claim"


def remember(reference: str) -> None:
    session[SESSION_KEY] = reference


def _page(claim, form, status=200):
    record = db.session.get(Customer, claim.customer_id)
    address = shown_masked(mask_mobile(record.mobile)) if claim.kind == "mobile" else record.email
    return render_template("accounts/claim.html", claim=claim, form=form, address=address), status


@bp.get("/")
def index():
    claim = claims.live_claim(session.get(SESSION_KEY))
    if claim is None:
        return redirect(url_for("auth.register"))
    return _page(claim, CodeForm(formdata=None))


@bp.post("/")
@limiter.limit(lambda: current_app.config["PORTAL_RESET_CODE_RATE_LIMIT"])
def confirm():
    claim = claims.live_claim(session.get(SESSION_KEY))
    if claim is None:
        return redirect(url_for("auth.register"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            customer = claims.confirm_code(session.get(SESSION_KEY), form.code.data)
        except (account.InvalidVerification, account.AddressTaken):
            form.code.errors.append(_("This code is not right or has expired. Check it, or ask for a new one."))
        else:
            session.pop(SESSION_KEY, None)
            start_session(customer)
            flash(_("Your account is ready. Your customer number is %(number)s.",
                    number=format_number(customer.number, get_locale())), "success")
            return redirect(url_for("tickets.index"))
    return _page(claim, form, 400)
