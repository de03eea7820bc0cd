"""Forgotten passwords: a code by SMS (or a link by e-mail) for customers, a link by e-mail for staff.
/auth/reset, /auth/reset/code, /auth/reset/<token>, /admin/reset, /admin/reset/<token>"""
from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from ..extensions import limiter
from . import recovery, services
from .forms import NewPasswordForm, ResetCodeForm, ResetRequestForm, StaffResetRequestForm
from .sessions import start_session

bp = Blueprint("password_reset", __name__, template_folder="templates")

_REFERENCE = "reset_reference"


def _address_limit():
    return current_app.config["PORTAL_RESET_ADDRESS_RATE_LIMIT"]


def _identifier_limit():
    return current_app.config["PORTAL_RESET_RATE_LIMIT"]


def _code_limit():
    return current_app.config["PORTAL_RESET_CODE_RATE_LIMIT"]


def _identifier_key():
    """Every spelling of one account's identifiers shares one allowance; unknown ones count as typed."""
    typed = (request.form.get("identifier") or "").strip()
    if request.path.startswith("/admin/"):
        return "reset-staff:" + typed.lower()
    customer = services.find_customer(typed)
    return f"reset:customer:{customer.id}" if customer else "reset:" + typed.lower()


def _link_for(endpoint):
    # Links in messages use the configured address, never the Host header of the request that asked.
    base = current_app.config["PORTAL_BASE_URL"].rstrip("/")
    return lambda token: base + url_for(endpoint, token=token)


@bp.route("/auth/reset", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"])
@limiter.limit(_identifier_limit, methods=["POST"], key_func=_identifier_key)
def request_reset():
    form = ResetRequestForm()
    if form.validate_on_submit():
        session[_REFERENCE] = recovery.request_customer_reset(
            form.identifier.data, link_for=_link_for("password_reset.customer_link"), ip_address=request.remote_addr)
        return redirect(url_for("password_reset.enter_code"))
    return render_template("accounts/reset_request.html", form=form, staff=False)


@bp.route("/auth/reset/code", methods=["GET", "POST"])
@limiter.limit(_code_limit, methods=["POST"])
def enter_code():
    if _REFERENCE not in session:
        return redirect(url_for("password_reset.request_reset"))
    form = ResetCodeForm()
    if form.validate_on_submit():
        try:
            customer = recovery.complete_with_code(session[_REFERENCE], form.code.data, form.password.data)
        except recovery.InvalidReset:
            form.code.errors.append(_("This code is not right or has expired. Check it, or ask for a new one."))
        else:
            session.pop(_REFERENCE, None)
            start_session(customer)
            flash(_("Your new password is set, and every other session of your account has been signed out."),
                  "success")
            return redirect(url_for("home.index"))
    return render_template("accounts/reset_code.html", form=form)


@bp.route("/auth/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_code_limit, methods=["POST"])
def customer_link(token):
    return _new_password_by_link(token, staff=False)


@bp.route("/admin/reset", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"])
@limiter.limit(_identifier_limit, methods=["POST"], key_func=_identifier_key)
def staff_request_reset():
    form = StaffResetRequestForm()
    if form.validate_on_submit():
        recovery.request_staff_reset(form.identifier.data, link_for=_link_for("password_reset.staff_link"),
                                     ip_address=request.remote_addr)
        flash(_("If this e-mail belongs to a staff account, a link to choose a new password is on its way. "
                "It works for one hour."), "info")
        return redirect(url_for("staff_auth.login"))
    return render_template("accounts/reset_request.html", form=form, staff=True)


@bp.route("/admin/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_code_limit, methods=["POST"])
def staff_link(token):
    return _new_password_by_link(token, staff=True)


def _new_password_by_link(token, *, staff):
    """Customers are signed in with the new password; staff sign in again, through every check of their login."""
    try:
        reset = recovery.check_link(token)
    except recovery.InvalidReset:
        reset = None
    if reset is None or (reset.account_kind == "staff") != staff:
        return render_template("accounts/reset_link_invalid.html", staff=staff), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        principal = recovery.complete_with_link(token, form.password.data)
        flash(_("Your new password is set, and every other session of your account has been signed out."), "success")
        if staff:
            return redirect(url_for("staff_auth.login"))
        start_session(principal)
        return redirect(url_for("home.index"))
    return render_template("accounts/reset_new_password.html", form=form, staff=staff)
