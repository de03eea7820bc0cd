"""Security keys (WebAuthn) for staff: add and remove them, and answer the sign-in's second step with one.
/admin/two-factor/keys — the ceremonies run in static/js/security-keys.js; JSON in, JSON out, CSRF header."""
from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import limiter
from . import security_keys, throttle, two_factor
from .sessions import safe_next
from .two_factor_views import _finish, _pending, staff_required

bp = Blueprint("security_keys", __name__, url_prefix="/admin/two-factor/keys", template_folder="templates")


# The sign-in limit per address, counting refused answers (a good one answers 200 with JSON, not a redirect).
_limit_refusals = limiter.limit(throttle.address_limit, methods=["POST"], deduct_when=lambda r: r.status_code >= 400)


def _json_options(text: str) -> Response:
    return Response(text, mimetype="application/json")


def _credential():
    data = request.get_json(silent=True)
    if not isinstance(data, dict) or not isinstance(data.get("credential"), dict):
        abort(400)
    return data


@bp.get("/")
@staff_required
def index():
    if not two_factor.is_enrolled(current_user):
        return redirect(url_for("two_factor.setup"))  # keys come after the app, so recovery codes exist
    return render_template("accounts/security_keys.html", keys=security_keys.keys_of(current_user))


@bp.post("/register/options")
@staff_required
@two_factor.recent_auth_required
def register_options():
    if not two_factor.is_enrolled(current_user):
        abort(409)
    return _json_options(security_keys.registration_options(current_user))


@bp.post("/register")
@staff_required
@two_factor.recent_auth_required
def register():
    data = _credential()
    try:
        key = security_keys.finish_registration(current_user, data["credential"], str(data.get("name") or ""))
    except security_keys.SecurityKeyError as refused:
        return jsonify(error=str(refused)), 400
    flash(_("The security key %(name)s was added.", name=key.name), "success")
    return jsonify(id=key.id, name=key.name, next=url_for("security_keys.index")), 201


@bp.post("/<int:key_id>/remove")
@staff_required
@two_factor.recent_auth_required
def remove(key_id):
    if not security_keys.remove(current_user, key_id):
        abort(404)
    flash(_("The security key was removed."), "success")
    return redirect(url_for("security_keys.index"))


@bp.post("/sign-in/options")
@_limit_refusals
def sign_in_options():
    staff, _next_url = _pending()
    if staff is None or not security_keys.keys_of(staff):
        abort(404)
    return _json_options(security_keys.sign_in_options(staff))


@bp.post("/sign-in")
@_limit_refusals
def sign_in():
    staff, next_url = _pending()
    if staff is None:
        abort(404)
    account = f"login-account:staff:{staff.id}"
    throttle.slow_down_if_hammered(account)
    if security_keys.verify_sign_in(staff, _credential()["credential"]):
        _finish(staff, next_url)
        return jsonify(next=safe_next(next_url, url_for("admin.dashboard")))
    throttle.count_failure(account)
    return jsonify(error=_("The security key's answer was not accepted.")), 400
