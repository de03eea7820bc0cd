"""Staff two-step sign-in: TOTP (an authenticator app) with ten single-use recovery codes, and recent-sign-in
checks before revealing personal data, exporting and changing access levels.

Roles marked `requires_two_factor` (the administrator by default) must enrol at their next sign-in; anyone
else may enrol. Secrets stay in the database; recovery codes are stored hashed, like passwords.
"""
import hmac
import secrets
import time
from functools import wraps

import pyotp
import segno
from flask import current_app, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..models_base import utcnow
from ..persian import to_ascii_digits
from . import passwords, security_keys

RECOVERY_CODES = 10
STEP = 30  # seconds per TOTP code
REAUTH_KEY = "auth_at"  # epoch seconds of the last password or code typed in this session
PENDING_KEY = "two_factor_pending"  # staff id and auth version between the password and the code

audit.register_actions({
    "two_factor.enrolled": _l("Two-step sign-in turned on"),
    "two_factor.passed": _l("Second sign-in step passed"),
    "two_factor.failed": _l("Second sign-in step failed"),
    "two_factor.reset": _l("Two-step sign-in reset"),
    "two_factor.recovery_codes_renewed": _l("Recovery codes renewed"),
})


class StaffTwoFactor(db.Model):
    __tablename__ = "staff_two_factor"
    staff_id = db.Column(db.Integer, db.ForeignKey("staff_users.id", ondelete="CASCADE"), primary_key=True)
    secret = db.Column(db.String(64), nullable=False)
    confirmed_at = db.Column(db.DateTime)  # None until the first code from the app was accepted
    last_step = db.Column(db.Integer, nullable=False, default=0)  # a code is never accepted twice


class RecoveryCode(db.Model):
    __tablename__ = "staff_recovery_codes"
    id = db.Column(db.Integer, primary_key=True)
    staff_id = db.Column(db.Integer, db.ForeignKey("staff_users.id", ondelete="CASCADE"), nullable=False, index=True)
    code_hash = db.Column(db.String(255), nullable=False)
    used_at = db.Column(db.DateTime)


def _enrolment(staff) -> StaffTwoFactor | None:
    return db.session.get(StaffTwoFactor, staff.id)


def is_enrolled(staff) -> bool:
    enrolment = _enrolment(staff)
    return enrolment is not None and enrolment.confirmed_at is not None


def is_required(staff) -> bool:
    if not current_app.config["PORTAL_TWO_FACTOR_ENFORCED"]:
        return False
    return bool(getattr(staff.role, "requires_two_factor", False))


def start_enrolment(staff) -> StaffTwoFactor:
    """A fresh secret (kept until confirmed); an enrolment already confirmed is not replaced here."""
    enrolment = _enrolment(staff)
    if enrolment is None:
        enrolment = StaffTwoFactor(staff_id=staff.id, secret=pyotp.random_base32(), last_step=0)
        db.session.add(enrolment)
        db.session.commit()
    return enrolment


def provisioning_uri(staff, enrolment) -> str:
    issuer = current_app.config["PORTAL_COMPANY_NAME"]
    return pyotp.TOTP(enrolment.secret).provisioning_uri(name=staff.email, issuer_name=issuer)


def qr_svg_data_uri(uri: str) -> str:
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def _normalise(code: str) -> str:
    return "".join(to_ascii_digits(code or "").split()).replace("-", "").lower()


def _check_totp(enrolment, code: str, now: float | None = None) -> bool:
    """The code of this, the previous or the next 30 seconds, never one already used."""
    code = _normalise(code)
    if len(code) != 6 or not code.isdigit():
        return False
    now = time.time() if now is None else now
    totp = pyotp.TOTP(enrolment.secret)
    current = int(now // STEP)
    for step in (current - 1, current, current + 1):
        if step > enrolment.last_step and hmac.compare_digest(totp.at(step * STEP), code):
            enrolment.last_step = step
            return True
    return False


def confirm_enrolment(staff, code: str) -> list[str] | None:
    """Accept the first code from the app; returns the new recovery codes (shown once), or None."""
    enrolment = _enrolment(staff)
    if enrolment is None or not _check_totp(enrolment, code):
        db.session.rollback()
        return None
    enrolment.confirmed_at = utcnow()
    codes = _new_recovery_codes(staff)
    audit.record(staff, "two_factor.enrolled", staff)
    db.session.commit()
    return codes


def _new_recovery_codes(staff) -> list[str]:
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.staff_id == staff.id))
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(staff_id=staff.id, code_hash=passwords.hash_password(_normalise(c)))
                       for c in codes)
    return codes


def regenerate_recovery_codes(staff) -> list[str]:
    codes = _new_recovery_codes(staff)
    audit.record(staff, "two_factor.recovery_codes_renewed", staff)
    db.session.commit()
    return codes


def remaining_recovery_codes(staff) -> int:
    return len(list(db.session.scalars(select(RecoveryCode.id).where(
        RecoveryCode.staff_id == staff.id, RecoveryCode.used_at.is_(None)))))


def verify(staff, code: str) -> bool:
    """A TOTP code, or an unused recovery code (then spent). Audited either way. Commits."""
    enrolment = _enrolment(staff)
    if enrolment is None or enrolment.confirmed_at is None:
        return False
    ok = _check_totp(enrolment, code)
    how = "totp"
    if not ok:
        normalised = _normalise(code)
        for row in db.session.scalars(select(RecoveryCode).where(
                RecoveryCode.staff_id == staff.id, RecoveryCode.used_at.is_(None))):
            if passwords.verify_password(row.code_hash, normalised):
                row.used_at = utcnow()
                ok, how = True, "recovery_code"
                break
    audit.record(staff, "two_factor.passed" if ok else "two_factor.failed", staff, method=how)
    db.session.commit()
    return ok


def disable(staff, actor) -> None:
    """An admin resets a lost phone: the person enrols again at the next sign-in (if the role requires it)."""
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.staff_id == staff.id))
    db.session.execute(db.delete(StaffTwoFactor).where(StaffTwoFactor.staff_id == staff.id))
    security_keys.remove_all(staff)
    audit.record(actor, "two_factor.reset", staff)
    db.session.commit()


# ---- in the session -----------------------------------------------------------------------------

def mark_authenticated() -> None:
    session[REAUTH_KEY] = int(time.time())


def recently_authenticated() -> bool:
    window = current_app.config["PORTAL_REAUTH_MINUTES"] * 60
    return time.time() - session.get(REAUTH_KEY, 0) <= window


def recent_auth_required(view):
    """Staff re-enter their password or a code if the last one is older than PORTAL_REAUTH_MINUTES."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if getattr(current_user, "is_staff", False) and not recently_authenticated():
            target = request.full_path.rstrip("?") if request.method == "GET" else _referrer_path()
            return redirect(url_for("two_factor.reauth", next=target))
        return view(*args, **kwargs)

    return wrapped


def _referrer_path() -> str:
    """After re-authentication a POST cannot be replayed: go back to the page that sent it."""
    from urllib.parse import urlsplit

    referrer = urlsplit(request.referrer or "")
    if referrer.netloc and referrer.netloc != request.host:
        return "/admin/"
    return (referrer.path or "/admin/") + (f"?{referrer.query}" if referrer.query else "")

