"""Customer sign-up, sign-in and sign-out.  /auth/..."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import limiter
from . import services, throttle
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
            return redirect(safe_next(request.args.get("next"), url_for("home.index")))
        # One message for an unknown identifier and a wrong password: nothing to learn about who has an account.
        form.password.errors.append(_("The identifier or the password is not right."))
    return render_template("accounts/login.html", form=form)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            customer = services.create_customer(
                full_name=form.full_name.data, password=form.password.data, mobile=form.mobile.data,
                national_code=form.national_code.data, email=form.email.data, username=form.username.data)
        except services.DuplicateIdentifier as taken:
            getattr(form, taken.field).errors.append(_("Another account already uses this."))
        else:
            start_session(customer)
            flash(_("Your account is ready. Your customer number is %(number)s.", number=customer.number), "success")
            return redirect(url_for("home.index"))
    return render_template("accounts/register.html", form=form)


@bp.post("/logout")
def logout():
    end_session()
    flash(_("You have signed out."), "info")
    return redirect(url_for("home.index"))
