"""Staff sign-in and sign-out, apart from the customers' login.  /admin/login"""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from . import services, throttle
from .two_factor_views import after_password
from .forms import StaffLoginForm
from .sessions import end_session, safe_next

bp = Blueprint("staff_auth", __name__, url_prefix="/admin", template_folder="templates")


def _after_login_url():
    return url_for("admin.dashboard") if "admin.dashboard" in current_app.view_functions else url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
@throttle.limit_failures_per_address
def login():
    if current_user.is_authenticated and current_user.is_staff:
        return redirect(_after_login_url())
    form = StaffLoginForm()
    if form.validate_on_submit():
        account = throttle.staff_key(form.identifier.data)
        throttle.slow_down_if_hammered(account)
        staff = services.authenticate_staff(form.identifier.data, form.password.data)
        if staff is None:
            throttle.count_failure(account)
        else:
            return after_password(staff, safe_next(request.args.get("next"), _after_login_url()))
        form.password.errors.append(_("The e-mail or the password is not right."))
    return render_template("accounts/staff_login.html", form=form)


@bp.post("/logout")
def logout():
    end_session()
    flash(_("You have signed out."), "info")
    return redirect(url_for("staff_auth.login"))
