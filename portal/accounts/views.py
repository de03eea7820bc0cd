"""Customer sign-up, sign-in and sign-out.  /auth/..."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup
from flask_login import current_user

from ..extensions import limiter
from ..jalali import format_number
from . import claim_views, registration, services, throttle
from .forms import LoginForm, RegisterForm
from .sessions import end_session, safe_next, start_session

bp = Blueprint("auth", __name__, url_prefix="/auth", template_folder="templates")


@bp.route("/login", methods=["GET", "POST"])
@throttle.limit_failures_per_address
def login():
    if current_user.is_authenticated and current_user.is_customer:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        account = throttle.customer_key(form.identifier.data)  # failures count per account, not per spelling
        throttle.slow_down_if_hammered(account)
        customer = services.authenticate_customer(form.identifier.data, form.password.data)
        if customer is None:
            throttle.count_failure(account)
        else:
            start_session(customer)
            flash(_("Welcome, %(name)s.", name=customer.full_name), "success")
            if customer.mobile_verified_at is None:  # until the mobile is proven, sign-in leads there
                return redirect(url_for("verify.index"))
            return redirect(safe_next(request.args.get("next"), url_for("home.index")))
        # One message for an unknown identifier and a wrong password: nothing to learn about who has an account.
        form.password.errors.append(_("The identifier or the password is not right."))
    return render_template("accounts/login.html", form=form)


def _register_limit():
    return current_app.config["PORTAL_REGISTER_RATE_LIMIT"]


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_register_limit, methods=["POST"])
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        base = current_app.config["PORTAL_BASE_URL"].rstrip("/")
        try:
            done = registration.register(
                full_name=form.full_name.data, password=form.password.data, mobile=form.mobile.data,
                national_code=form.national_code.data, email=form.email.data, username=form.username.data,
                link_for=lambda token: base + url_for("account.confirm_email", token=token))
        except services.DuplicateIdentifier as taken:
            for name in taken.fields:
                getattr(form, name).errors.append(_duplicate_message(name))
        else:
            if done.claim_reference:  # a record we made from a message or call: theirs once proven
                claim_views.remember(done.claim_reference)
                return redirect(url_for("claim.index"))
            customer = done.customer
            start_session(customer)
            flash(_("Your account is ready. Your customer number is %(number)s.",
                    number=format_number(customer.number, get_locale())), "success")
            return redirect(url_for("verify.index"))
    return render_template("accounts/register.html", form=form,
                           first_error=next((f.name for f in form if f.errors), None))


def _duplicate_message(field):
    if field != "mobile":
        return _("Another account already uses this.")
    # Trusted text from our catalog with two of our own URLs in it.
    return Markup(_('This mobile number already belongs to an account. If it is yours, '
                    '<a href="%(login)s">sign in</a> or <a href="%(reset)s">recover your password</a>.',
                    login=url_for("auth.login"), reset=url_for("password_reset.request_reset")))


@bp.post("/logout")
def logout():
    end_session()
    flash(_("You have signed out."), "info")
    return redirect(url_for("home.index"))
