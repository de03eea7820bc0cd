"""Proving the mobile after registration (and at sign-in until done).  /auth/verify"""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import limiter
from . import account
from .account_forms import CodeForm, MobileForm

bp = Blueprint("verify", __name__, url_prefix="/auth/verify", template_folder="templates")

# Opening a ticket or writing on one waits until the mobile is proven.
_GATED_PREFIX = "tickets."


def needs_verification(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_customer", False)
                and user.mobile_verified_at is None)


@bp.before_app_request
def _gate_tickets():
    endpoint = request.endpoint or ""
    if endpoint.startswith(_GATED_PREFIX) and (endpoint == "tickets.new" or request.method == "POST") \
            and needs_verification(current_user):
        flash(_("Confirm your mobile number before opening a ticket."), "warning")
        return redirect(url_for("verify.index"))
    return None


def _page(status=200, code_form=None, mobile_form=None):
    return render_template("accounts/verify.html", code_form=code_form or CodeForm(formdata=None),
                           mobile_form=mobile_form or MobileForm(formdata=None),
                           mobile=account.mobile_to_verify(current_user),
                           pending=account.pending(current_user, "mobile")), status


def _only_unverified():
    if not current_user.is_authenticated or not current_user.is_customer:
        return redirect(url_for("auth.login", next=request.path))
    if current_user.mobile_verified_at is not None:
        return redirect(url_for("home.index"))
    return None


@bp.get("/")
def index():
    return _only_unverified() or _page()


@bp.post("/")
@limiter.limit(lambda: current_app.config["PORTAL_RESET_CODE_RATE_LIMIT"])
def confirm():
    if (elsewhere := _only_unverified()) is not None:
        return elsewhere
    form = CodeForm()
    if form.validate_on_submit():
        try:
            account.confirm_mobile(current_user, form.code.data)
        except account.InvalidVerification:
            form.code.errors.append(_("This code is not right or has expired. Check it, or ask for a new one."))
        except account.AddressTaken:
            form.code.errors.append(_("Another account has already confirmed this mobile."))
        else:
            flash(_("Your mobile is confirmed. You can open tickets now."), "success")
            return redirect(url_for("home.index"))
    return _page(400, code_form=form)


@bp.post("/send")
@limiter.limit(lambda: current_app.config["PORTAL_RESET_RATE_LIMIT"])
def send():
    """Send the code again, or to another mobile typed here (a typo at registration)."""
    if (elsewhere := _only_unverified()) is not None:
        return elsewhere
    form = MobileForm()
    mobile = form.mobile.data if form.mobile.data else account.mobile_to_verify(current_user)
    if form.mobile.data and not form.validate_on_submit():
        return _page(400, mobile_form=form)
    if not mobile:
        form.mobile.errors.append(_("Enter your mobile number."))
        return _page(400, mobile_form=form)
    try:
        account.request_mobile_change(current_user, mobile)
    except account.AddressTaken:
        form.mobile.errors.append(_("Another account has already confirmed this mobile."))
        return _page(400, mobile_form=form)
    flash(_("We sent a new code."), "info")
    return redirect(url_for("verify.index"))
