"""The customer's own account page.  /account"""
from functools import wraps

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from . import account, claims, session_store
from .account_forms import CodeForm, EmailForm, MobileForm, NameForm, PasswordChangeForm, PreferencesForm
from .sessions import current_token, end_session, start_session

bp = Blueprint("account", __name__, url_prefix="/account", template_folder="templates")


def customer_required(view):
    """Visitors are sent to sign in, and told why; staff have no customer account page."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            flash(_("Sign in to see your account."), "info")
            return redirect(url_for("auth.login", next=request.path))
        if not current_user.is_customer:
            abort(403)
        return view(*args, **kwargs)
    return wrapped


def _page(status=200, **forms):
    customer = current_user
    defaults = {
        "name_form": NameForm(obj=customer, formdata=None),
        "email_form": EmailForm(obj=customer, formdata=None),
        "mobile_form": MobileForm(obj=customer, formdata=None),
        "code_form": CodeForm(formdata=None),
        "password_form": PasswordChangeForm(formdata=None),
        "preferences_form": PreferencesForm(
            formdata=None, locale=customer.locale or current_app.config["BABEL_DEFAULT_LOCALE"],
            notify_by_sms=customer.notify_by_sms, notify_by_email=customer.notify_by_email),
    }
    defaults.update(forms)
    sessions = session_store.active_sessions(customer)
    token = current_token()
    return render_template("accounts/account.html", customer=customer, sessions=sessions,
                           current_session_ids={s.id for s in sessions if session_store.is_current(s, token)},
                           pending_mobile=account.pending(customer, "mobile"),
                           pending_email=account.pending(customer, "email"), **defaults), status


def _back():
    return redirect(url_for("account.index"))


@bp.get("/")
@customer_required
def index():
    return _page()


@bp.post("/name")
@customer_required
def name():
    form = NameForm()
    if not form.validate_on_submit():
        return _page(400, name_form=form)
    account.change_name(current_user, form.full_name.data)
    flash(_("Your name was changed."), "success")
    return _back()


@bp.post("/email")
@customer_required
def email():
    form = EmailForm()
    if not form.validate_on_submit():
        return _page(400, email_form=form)
    base = current_app.config["PORTAL_BASE_URL"].rstrip("/")
    try:
        sent = account.request_email_change(current_user, form.email.data,
                                            link_for=lambda token: base + url_for("account.confirm_email", token=token))
    except account.AddressTaken:
        form.email.errors.append(_("Another account already uses this e-mail."))
        return _page(400, email_form=form)
    if sent is None:
        flash(_("Your e-mail address was removed."), "success")
    else:
        flash(_("We sent a link to %(address)s. The new address is used once you open it.", address=sent.value), "info")
    return _back()


@bp.get("/email/<token>")
def confirm_email(token):
    try:
        _customer, claimed = claims.confirm_email(token)
    except (account.InvalidVerification, account.AddressTaken):
        flash(_("This link no longer works. Ask for a new one on your account page."), "danger")
    else:
        flash(_("Your account is ready: sign in with your new password.") if claimed
              else _("Your new e-mail address is confirmed."), "success")
    return redirect(url_for("account.index") if current_user.is_authenticated else url_for("auth.login"))


@bp.post("/mobile")
@customer_required
def mobile():
    form = MobileForm()
    if not form.validate_on_submit():
        return _page(400, mobile_form=form)
    try:
        account.request_mobile_change(current_user, form.mobile.data)
    except account.AddressTaken:
        form.mobile.errors.append(_("Another account already uses this mobile."))
        return _page(400, mobile_form=form)
    flash(_("We sent a 6-digit code to the new mobile. Enter it below to start using it."), "info")
    return _back()


@bp.post("/mobile/verify")
@customer_required
def verify_mobile():
    form = CodeForm()
    if form.validate_on_submit():
        try:
            account.confirm_mobile(current_user, form.code.data)
        except account.InvalidVerification:
            form.code.errors.append(_("This code is not right or has expired. Check it, or ask for a new one."))
        except account.AddressTaken:
            form.code.errors.append(_("Another account already uses this mobile."))
        else:
            flash(_("Your new mobile is confirmed."), "success")
            return _back()
    return _page(400, code_form=form)


@bp.post("/password")
@customer_required
def password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        customer = current_user._get_current_object()
        try:
            account.change_password(customer, form.current_password.data, form.password.data)
        except account.WrongPassword:
            form.current_password.errors.append(_("This is not your current password."))
        else:
            start_session(customer)
            flash(_("Your password was changed, and every other session of your account has been signed out."),
                  "success")
            return _back()
    return _page(400, password_form=form)


@bp.post("/preferences")
@customer_required
def preferences():
    form = PreferencesForm()
    if not form.validate_on_submit():
        return _page(400, preferences_form=form)
    account.set_preferences(current_user, locale=form.locale.data, by_sms=form.notify_by_sms.data,
                            by_email=form.notify_by_email.data)
    flash(_("Your notification preferences were saved."), "success")
    return _back()


@bp.post("/sessions/<int:session_id>/end")
@customer_required
def end_one_session(session_id):
    if not account.end_session(current_user, session_id):
        abort(404)
    flash(_("That session was signed out."), "success")
    return _back()


@bp.post("/sessions/end-all")
@customer_required
def end_all_sessions():
    account.end_all_sessions(current_user)
    end_session()
    flash(_("You were signed out everywhere, this browser included."), "info")
    return redirect(url_for("auth.login"))
