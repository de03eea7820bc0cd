"""What customers change about their own account (/account): name, e-mail and mobile (each proven before
it replaces the old one), password, notification language and channels, and their signed-in sessions."""
from datetime import timedelta

from blinker import Namespace
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from .. import audit
from ..extensions import db
from ..models_base import utcnow
from ..persian import normalize_email, normalize_mobile
from . import passwords, services, session_store
from .auth_models import ContactVerification
from .models import Customer
from .tokens import code_matches, keyed_hash, new_code, new_link_token

CODE_LIFETIME = timedelta(minutes=10)
LINK_LIFETIME = timedelta(hours=24)
MAX_CODE_ATTEMPTS = 5

# send(customer, kind="mobile"|"email", address=..., code=..., link=..., minutes=...)
verification_issued = Namespace().signal("contact-verification-issued")

audit.register_actions({
    "account.name_changed": _l("Name changed"),
    "account.mobile_changed": _l("Mobile changed"),
    "account.email_changed": _l("E-mail changed"),
    "account.password_changed": _l("Password changed"),
    "account.preferences_changed": _l("Notification preferences changed"),
    "account.sessions_ended": _l("Sessions signed out"),
    "account.mobile_verified": _l("Mobile confirmed"),
    "account.email_verified": _l("E-mail confirmed"),
    "account.claim_released": _l("Unconfirmed mobile or e-mail released to its owner"),
})


class AddressTaken(ValueError):
    """Another account already uses this mobile or e-mail."""


class WrongPassword(ValueError):
    pass


class InvalidVerification(ValueError):
    """The code or link is wrong, expired, used, or was never sent."""


def change_name(customer: Customer, full_name: str) -> None:
    customer.full_name = " ".join(full_name.split())
    audit.record(customer, "account.name_changed", customer)
    db.session.commit()


def _holder(kind: str, value: str, customer: Customer) -> Customer | None:
    """Another account that has this mobile or e-mail on file."""
    column = Customer.mobile if kind == "mobile" else Customer.email
    return db.session.scalar(select(Customer).where(column == value, Customer.id != customer.id).limit(1))


def _ensure_free(kind: str, value: str, customer: Customer) -> None:
    """Only a proven holder owns an address; an unproven claim does not stand in the owner's way."""
    holder = _holder(kind, value, customer)
    if holder is not None and getattr(holder, f"{kind}_verified_at") is not None:
        raise AddressTaken(kind)


def request_mobile_change(customer: Customer, mobile: str) -> ContactVerification:
    """Send a code to the new mobile; the account keeps the old one until the code is entered."""
    return _issue(customer, "mobile", normalize_mobile(mobile), link_for=None)


def request_email_verification(customer: Customer, *, link_for) -> ContactVerification:
    """A link to the e-mail on file, to prove it (after registration)."""
    return _issue(customer, "email", customer.email, link_for=link_for)


def mobile_to_verify(customer: Customer) -> str | None:
    """The mobile a customer is proving: the one on file, or the one they asked for last."""
    if customer.mobile and customer.mobile_verified_at is None:
        return customer.mobile
    return db.session.scalar(select(ContactVerification.value).where(
        ContactVerification.customer_id == customer.id, ContactVerification.kind == "mobile")
        .order_by(ContactVerification.id.desc()).limit(1)) if customer.mobile_verified_at is None else None


def issue_for_claim(record: Customer, kind: str, *, link_for) -> ContactVerification:
    """A code (mobile) or link (e-mail) to the address already on a record someone registers to claim."""
    return _issue(record, kind, getattr(record, kind), link_for=link_for)


def request_email_change(customer: Customer, email: str, *, link_for) -> ContactVerification | None:
    """Send a link to the new address. An empty address removes the e-mail at once (nothing to prove)."""
    value = normalize_email(email) if email else None
    if value is None:
        customer.email = None
        customer.notify_by_email = False
        audit.record(customer, "account.email_changed", customer, removed=True)
        db.session.commit()
        return None
    return _issue(customer, "email", value, link_for=link_for)


def _issue(customer, kind, value, *, link_for):
    if value is None:
        raise ValueError(kind)
    _ensure_free(kind, value, customer)
    _void_pending(customer, kind)
    secret, lifetime = (new_code(), CODE_LIFETIME) if kind == "mobile" else (new_link_token(), LINK_LIFETIME)
    verification = ContactVerification(customer_id=customer.id, kind=kind, value=value,
                                       secret_hash=keyed_hash(secret), expires_at=utcnow() + lifetime)
    db.session.add(verification)
    verification_issued.send(customer, kind=kind, address=value, code=secret if kind == "mobile" else None,
                             link=link_for(secret) if kind == "email" else None,
                             minutes=int(lifetime.total_seconds() // 60))
    db.session.commit()
    return verification


def _void_pending(customer, kind):
    db.session.execute(update(ContactVerification).where(
        ContactVerification.customer_id == customer.id, ContactVerification.kind == kind,
        ContactVerification.used_at.is_(None)).values(used_at=utcnow()))


def pending(customer: Customer, kind: str) -> ContactVerification | None:
    """The live verification waiting for a code or a click, if any."""
    return db.session.scalar(select(ContactVerification).where(
        ContactVerification.customer_id == customer.id, ContactVerification.kind == kind,
        ContactVerification.used_at.is_(None), ContactVerification.expires_at > utcnow())
        .order_by(ContactVerification.id.desc()).limit(1))


def confirm_mobile(customer: Customer, code: str) -> str:
    """The code sent to the new mobile makes it the account's mobile; returns it."""
    verification = pending(customer, "mobile")
    if verification is None:
        raise InvalidVerification(code)
    if not code_matches(verification.secret_hash, code):
        verification.failed_attempts += 1
        if verification.failed_attempts >= MAX_CODE_ATTEMPTS:
            verification.used_at = utcnow()
        db.session.commit()
        raise InvalidVerification(code)
    return _apply(customer, verification)


def confirm_email(token: str) -> Customer:
    """The link sent to a new address makes it the account's e-mail (whoever's browser opens it)."""
    verification = db.session.scalar(select(ContactVerification).where(
        ContactVerification.secret_hash == keyed_hash(token or ""), ContactVerification.kind == "email",
        ContactVerification.used_at.is_(None), ContactVerification.expires_at > utcnow()))
    if verification is None:
        raise InvalidVerification(token)
    customer = db.session.get(Customer, verification.customer_id)
    _apply(customer, verification)
    return customer


def _apply(customer, verification):
    kind, value = verification.kind, verification.value
    _ensure_free(kind, value, customer)  # someone may have proven it meanwhile
    holder = _holder(kind, value, customer)
    if holder is not None:  # an unproven claim on the address: the proven owner takes it over
        setattr(holder, kind, None)
        if kind == "email":
            holder.notify_by_email = False
        audit.record(customer, "account.claim_released", holder, kind=kind)
        db.session.flush()
    verification.used_at = utcnow()
    changed = getattr(customer, kind) != value
    setattr(customer, kind, value)
    setattr(customer, f"{kind}_verified_at", utcnow())
    audit.record(customer, f"account.{kind}_{'changed' if changed else 'verified'}", customer)
    db.session.commit()
    return value


def change_password(customer, current: str, new: str) -> None:
    """Needs the current password. The caller starts a fresh session: every other one has ended."""
    if not passwords.verify_password(customer.password_hash, current):
        raise WrongPassword()
    audit.record(customer, "account.password_changed", customer)
    services.set_password(customer, new)
    session_store.revoke_all(customer)


def set_preferences(customer: Customer, *, locale: str | None, by_sms: bool, by_email: bool) -> None:
    customer.locale = locale or None
    customer.notify_by_sms = bool(by_sms)
    customer.notify_by_email = bool(by_email) and customer.email is not None
    audit.record(customer, "account.preferences_changed", customer, locale=customer.locale, sms=customer.notify_by_sms,
                 email=customer.notify_by_email)
    db.session.commit()


def end_session(principal, session_id: int) -> bool:
    """Sign out one of this person's own sessions; False when there is no such live session of theirs."""
    row = next((s for s in session_store.active_sessions(principal) if s.id == session_id), None)
    if row is None:
        return False
    row.revoked_at = utcnow()
    audit.record(principal, "account.sessions_ended", principal, count=1)
    db.session.commit()
    return True


def end_all_sessions(principal) -> int:
    """"Sign out everywhere": this browser included."""
    audit.record(principal, "account.sessions_ended", principal, everywhere=True)
    return session_store.revoke_all(principal)
