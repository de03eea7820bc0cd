"""Password recovery: a 6-digit code by SMS to the mobile on file, or a link by e-mail when there is none.

Codes and links are stored as keyed hashes (HMAC with the secret key), expire (10 minutes / 1 hour) and
are used once. The answer to a request is the same whether or not the identifier names an account; the
message itself is handed to whoever listens on `reset_issued` (portal.notify writes it to the outbox in the
same transaction), since accounts sits below notify.
"""
import secrets
from datetime import timedelta

from blinker import Namespace
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from .. import audit
from ..extensions import db
from ..models_base import utcnow
from ..persian import normalize_email
from . import services, session_store
from .tokens import code_matches, keyed_hash as _keyed_hash, new_code, new_link_token
from .auth_models import PasswordReset
from .models import Customer, StaffUser

CODE_LIFETIME = timedelta(minutes=10)
LINK_LIFETIME = timedelta(hours=1)
MAX_CODE_ATTEMPTS = 5  # wrong codes before the code is void and a new one must be asked for

# send(principal, channel="sms"|"email", code=..., link=..., minutes=...): deliver the code or the link.
reset_issued = Namespace().signal("password-reset-issued")

audit.register_actions({
    "password.reset_requested": _l("Password reset asked for"),
    "password.reset": _l("Password reset"),
})


class InvalidReset(ValueError):
    """The code or link is wrong, expired, already used, or was never issued."""


def _account(kind: str, account_id: int):
    return db.session.get({"customer": Customer, "staff": StaffUser}[kind], account_id)


def request_customer_reset(identifier: str, *, link_for, ip_address=None) -> str:
    """Send a code (or a link) to the customer that identifier names, if any; returns the reference the
    asking browser keeps for the code page. link_for(token) -> the absolute URL of the link page."""
    return _issue(services.find_customer(identifier), link_for=link_for, ip_address=ip_address)


def request_staff_reset(email: str, *, link_for, ip_address=None) -> str:
    staff = db.session.scalar(select(StaffUser).where(StaffUser.email == (normalize_email(email) or "")))
    return _issue(staff, link_for=link_for, ip_address=ip_address, sms=False)


def _issue(principal, *, link_for, ip_address, sms=True) -> str:
    reference = secrets.token_urlsafe(24)
    if principal is None or not principal.active:
        return reference  # nothing is sent, and the caller answers exactly as if it were
    mobile = getattr(principal, "mobile", None) if sms else None
    if not mobile and not principal.email:
        return reference
    # A new request voids the earlier ones: only the latest code works.
    db.session.execute(update(PasswordReset).where(
        PasswordReset.account_kind == principal.kind, PasswordReset.account_id == principal.id,
        PasswordReset.used_at.is_(None)).values(used_at=utcnow()))
    if mobile:
        channel, secret, lifetime = "sms", new_code(), CODE_LIFETIME
    else:
        channel, secret, lifetime = "email", new_link_token(), LINK_LIFETIME
    db.session.add(PasswordReset(reference_hash=_keyed_hash(reference), secret_hash=_keyed_hash(secret),
                                 account_kind=principal.kind, account_id=principal.id, channel=channel,
                                 expires_at=utcnow() + lifetime, ip_address=(ip_address or "")[:45] or None))
    reset_issued.send(principal, channel=channel, code=secret if channel == "sms" else None,
                      link=link_for(secret) if channel == "email" else None,
                      minutes=int(lifetime.total_seconds() // 60))
    audit.record(None, "password.reset_requested", principal, channel=channel)
    db.session.commit()
    return reference


def _live(query):
    return db.session.scalar(query.where(PasswordReset.used_at.is_(None), PasswordReset.expires_at > utcnow()))


def check_link(token: str) -> PasswordReset:
    """The live reset an e-mailed link names; InvalidReset otherwise. Does not use it up."""
    reset = _live(select(PasswordReset).where(PasswordReset.secret_hash == _keyed_hash(token or ""),
                                              PasswordReset.channel == "email"))
    if reset is None:
        raise InvalidReset(token)
    return reset


def complete_with_link(token: str, password: str):
    """Set the new password through an e-mailed link; returns the account."""
    return _complete(check_link(token), password)


def complete_with_code(reference: str | None, code: str, password: str):
    """Set the new password with the SMS code sent for this browser's request; returns the account.

    InvalidReset for a wrong, expired or used code; after MAX_CODE_ATTEMPTS wrong codes the code is void."""
    reset = _live(select(PasswordReset).where(PasswordReset.reference_hash == _keyed_hash(reference or ""),
                                              PasswordReset.channel == "sms"))
    if reset is None:
        raise InvalidReset(code)
    if not code_matches(reset.secret_hash, code):
        reset.failed_attempts += 1
        if reset.failed_attempts >= MAX_CODE_ATTEMPTS:
            reset.used_at = utcnow()
        db.session.commit()
        raise InvalidReset(code)
    return _complete(reset, password)


def _complete(reset: PasswordReset, password: str):
    principal = _account(reset.account_kind, reset.account_id)
    if principal is None or not principal.active:
        raise InvalidReset("account")
    reset.used_at = utcnow()
    if reset.channel == "sms" and getattr(principal, "mobile_verified_at", False) is None:
        principal.mobile_verified_at = utcnow()  # the code reached this mobile: it is the customer's
    audit.record(principal, "password.reset", principal, channel=reset.channel)
    services.set_password(principal, password)  # commits; a new password ends every session
    session_store.revoke_all(principal)
    return principal
