"""Staff two-step sign-in pages: the code after the password, enrolment, re-authentication.  /admin/two-factor"""
from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Optional

from ..extensions import db
from . import passwords, security_keys, throttle, two_factor
from .models import StaffUser
from .sessions import safe_next, start_session

bp = Blueprint("two_factor", __name__, url_prefix="/admin/two-factor", template_folder="templates")


def staff_required(view):
    """Signed-in staff only (accounts sits below security, so it keeps its own small check)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not getattr(current_user, "is_authenticated", False):
            return redirect(url_for("staff_auth.login", next=request.full_path.rstrip("?")))
        if not getattr(current_user, "is_staff", False):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


class CodeForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(message=_l("Enter the code."))],
                       render_kw={"inputmode": "numeric", "autocomplete": "one-time-code", "dir": "ltr"})


class ReauthForm(FlaskForm):
    password = PasswordField(_l("Password"), validators=[Optional()], render_kw={"autocomplete": "current-password"})
    code = StringField(_l("Or a code from your authenticator app"), validators=[Optional()],
                       render_kw={"inputmode": "numeric", "autocomplete": "one-time-code", "dir": "ltr"})


def after_password(staff, next_url: str):
    """The staff login calls this once the password is right: sign in, or ask for the second factor first."""
    if not (two_factor.is_enrolled(staff) or two_factor.is_required(staff)):
        start_session(staff)
        two_factor.mark_authenticated()
        return redirect(next_url)
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    session[two_factor.PENDING_KEY] = [staff.id, staff.auth_version, next_url]
    return redirect(url_for("two_factor.verify" if two_factor.is_enrolled(staff) else "two_factor.setup"))


def _pending():
    """The staff member between password and code, and where to go afterwards; (None, None) otherwise."""
    staff_id, version, next_url = session.get(two_factor.PENDING_KEY) or (None, None, None)
    staff = db.session.get(StaffUser, staff_id) if staff_id else None
    if staff is None or not staff.active or staff.auth_version != version:
        return None, None
    return staff, next_url


def _finish(staff, next_url):
    session.pop(two_factor.PENDING_KEY, None)
    start_session(staff)
    two_factor.mark_authenticated()
    return redirect(safe_next(next_url, url_for("admin.dashboard")))


@bp.route("/", methods=["GET", "POST"])
@throttle.limit_failures_per_address
def verify():
    staff, next_url = _pending()
    if staff is None:
        return redirect(url_for("staff_auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        account = f"login-account:staff:{staff.id}"
        throttle.slow_down_if_hammered(account)
        if two_factor.verify(staff, form.code.data):
            return _finish(staff, next_url)
        throttle.count_failure(account)
        form.code.errors.append(_("This code is not right or was already used."))
    return render_template("accounts/two_factor_verify.html", form=form,
                           has_keys=bool(security_keys.keys_of(staff))), 200 if request.method == "GET" else 400


@bp.route("/setup", methods=["GET", "POST"])
@throttle.limit_failures_per_address
def setup():
    staff, next_url = _pending()
    if staff is None and getattr(current_user, "is_staff", False):
        staff, next_url = current_user, url_for("admin.dashboard")
    if staff is None:
        return redirect(url_for("staff_auth.login"))
    if two_factor.is_enrolled(staff):
        return redirect(url_for("two_factor.verify") if session.get(two_factor.PENDING_KEY) else next_url)
    enrolment = two_factor.start_enrolment(staff)
    form = CodeForm()
    if form.validate_on_submit():
        codes = two_factor.confirm_enrolment(staff, form.code.data)
        if codes is not None:
            if session.get(two_factor.PENDING_KEY):
                _finish(staff, next_url)
            return render_template("accounts/two_factor_codes.html", codes=codes,
                                   next_url=safe_next(next_url, url_for("admin.dashboard")))
        form.code.errors.append(_("This code is not right. Check the time on your phone and try the next one."))
    uri = two_factor.provisioning_uri(staff, enrolment)
    return render_template("accounts/two_factor_setup.html", form=form, secret=enrolment.secret,
                           qr=two_factor.qr_svg_data_uri(uri)), 200 if request.method == "GET" else 400


@bp.route("/reauth", methods=["GET", "POST"])
@staff_required
@throttle.limit_failures_per_address
def reauth():
    form = ReauthForm()
    next_url = safe_next(request.args.get("next"), url_for("admin.dashboard"))
    if form.validate_on_submit():
        account = f"login-account:staff:{current_user.id}"
        throttle.slow_down_if_hammered(account)
        ok = (bool(form.password.data) and passwords.verify_password(current_user.password_hash, form.password.data)) \
            or (bool(form.code.data) and two_factor.verify(current_user, form.code.data))
        if ok:
            two_factor.mark_authenticated()
            return redirect(next_url)
        throttle.count_failure(account)
        form.password.errors.append(_("That was not right. Enter your password or a current code."))
    return render_template("accounts/reauth.html", form=form,
                           enrolled=two_factor.is_enrolled(current_user)), 200 if request.method == "GET" else 400


@bp.post("/recovery-codes")
@staff_required
@two_factor.recent_auth_required
def recovery_codes():
    if not two_factor.is_enrolled(current_user):
        return redirect(url_for("two_factor.setup"))
    codes = two_factor.regenerate_recovery_codes(current_user)
    flash(_("New recovery codes were made; the old ones no longer work."), "success")
    return render_template("accounts/two_factor_codes.html", codes=codes, next_url=url_for("admin.dashboard"))
