"""Sign-in limits: failed attempts count, per address and per account; successful ones never do.

Per address (PORTAL_LOGIN_RATE_LIMIT) a run of failures locks the address out for a while (HTTP 429).
Per account the allowance is much higher (PORTAL_LOGIN_ACCOUNT_RATE_LIMIT), and beyond it every further
attempt on that account waits PORTAL_LOGIN_ACCOUNT_DELAY seconds instead of being refused: guesses spread
over many addresses slow down, while the owner's right password from his usual address still gets in.
The account is the one the identifier resolves to, so `+98 935…`, `0935 …`, Persian digits and invisible
characters are one key; an identifier that names nobody is keyed on its normalised form.
"""
import time

from flask import current_app, request
from limits import parse_many
from sqlalchemy import select

from ..extensions import db, limiter
from ..persian import classify_identifier, normalize_email, normalize_text
from . import services
from .models import StaffUser


def address_limit():
    return current_app.config["PORTAL_LOGIN_RATE_LIMIT"]


def failed(response) -> bool:
    """Deduct only failed sign-ins: a successful one answers with a redirect."""
    return response.status_code != 302


def limit_failures_per_address(view):
    """Flask-Limiter's per-address limit on POST, counting only the attempts that did not sign in."""
    return limiter.limit(address_limit, methods=["POST"], deduct_when=failed)(view)


def customer_key(identifier: str) -> str:
    customer = services.find_customer(identifier)
    if customer is not None:
        return f"login-account:customer:{customer.id}"
    kind, value = classify_identifier(identifier or "") or ("", normalize_text(identifier or ""))
    return f"login-account:customer-unknown:{kind}:{value}"


def staff_key(email: str) -> str:
    staff = db.session.scalar(select(StaffUser).where(StaffUser.email == (normalize_email(email or "") or "")))
    if staff is not None:
        return f"login-account:staff:{staff.id}"
    return f"login-account:staff-unknown:{normalize_email(email or '') or normalize_text(email or '')}"


def _account_limits():
    return parse_many(current_app.config["PORTAL_LOGIN_ACCOUNT_RATE_LIMIT"])


def slow_down_if_hammered(key: str) -> float:
    """Wait before checking a password on an account that has had too many failures. Returns the delay."""
    if not limiter.enabled:
        return 0.0
    if all(limiter.limiter.test(item, key) for item in _account_limits()):
        return 0.0
    delay = float(current_app.config["PORTAL_LOGIN_ACCOUNT_DELAY"])
    current_app.logger.warning("sign-in attempts on %s are being slowed down (from %s)", key, request.remote_addr)
    time.sleep(delay)
    return delay


def count_failure(key: str) -> None:
    if limiter.enabled:
        for item in _account_limits():
            limiter.limiter.hit(item, key)
