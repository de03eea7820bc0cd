"""Claiming a record the business made. A customer created from an e-mail, an SMS or a call has no sign-in;
registering with its mobile (or, without a match on the mobile, its e-mail) neither refuses nor makes a
second customer: the registration waits on that record until the SMS code (or the e-mail link) sent to the
record's own address proves the registrant holds it, and then becomes the record's sign-in: the same customer
number, the same tickets. Until then nobody is signed in as the record and the record is unchanged."""
import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..models_base import utcnow
from ..persian import normalize_email, normalize_mobile
from . import account, passwords, services
from .auth_models import AccountClaim, ContactVerification
from .models import Customer
from .tokens import keyed_hash

CLAIM_LIFETIME = timedelta(hours=24)  # the e-mail link's; an SMS code expires sooner on its own

audit.register_actions({"account.claimed": _l("Record claimed by registering with its mobile or e-mail")})


def claimable(*, mobile=None, email=None) -> tuple[Customer, str] | None:
    """(record, "mobile" | "email"): a customer without a sign-in that this mobile, else this e-mail, names."""
    for kind, column, value in (("mobile", Customer.mobile, normalize_mobile(mobile) if mobile else None),
                                ("email", Customer.email, normalize_email(email) if email else None)):
        if value:
            holder = db.session.scalar(select(Customer).where(column == value))
            if holder is not None and holder.password_hash is None:
                return holder, kind
    return None


def start_claim(record: Customer, kind: str, *, full_name, password, national_code=None, email=None,
                username=None, link_for) -> tuple[AccountClaim, str]:
    """Send the code (or link) to the record's address and keep the registration until it is proven.

    Returns the claim and the reference the registering browser keeps. Raises services.DuplicateIdentifier
    when another customer holds an identifier the registrant gave."""
    ids = services.normalize_identifiers(national_code=national_code, email=email, username=username)
    taken = services.taken_identifiers(ids, exclude_id=record.id)
    if taken:
        raise services.DuplicateIdentifier(taken[0], taken)
    verification = account.issue_for_claim(record, kind, link_for=link_for)
    reference = secrets.token_urlsafe(32)
    claim = AccountClaim(reference_hash=keyed_hash(reference), customer_id=record.id, verification_id=verification.id,
                         kind=kind, full_name=" ".join(full_name.split()), password_hash=passwords.hash_password(password),
                         national_code=ids.national_code, email=ids.email, username=ids.username,
                         expires_at=utcnow() + CLAIM_LIFETIME)
    db.session.add(claim)
    db.session.commit()
    return claim, reference


def live_claim(reference: str | None) -> AccountClaim | None:
    """The unfinished, unexpired claim this browser started."""
    if not reference:
        return None
    return db.session.scalar(select(AccountClaim).where(
        AccountClaim.reference_hash == keyed_hash(reference), AccountClaim.used_at.is_(None),
        AccountClaim.expires_at > utcnow()))


def confirm_code(reference: str | None, code: str) -> Customer:
    """The SMS code sent for this browser's claim: the record becomes the registrant's account; returns it.
    Raises account.InvalidVerification (wrong code, expired, used, or a newer code was sent since)."""
    claim = live_claim(reference)
    if claim is None or claim.kind != "mobile":
        raise account.InvalidVerification(code)
    record = db.session.get(Customer, claim.customer_id)
    verification = account.pending(record, "mobile")
    if verification is None or verification.id != claim.verification_id:
        raise account.InvalidVerification(code)
    account.confirm_mobile(record, code)  # counts wrong attempts; raises InvalidVerification
    return _complete(claim, record)


def confirm_email(token: str) -> tuple[Customer, bool]:
    """An e-mail link: proves the address (account.confirm_email) and, when it was sent for a claim,
    completes that claim. Returns the customer and whether a claim was completed."""
    verification_id = db.session.scalar(select(ContactVerification.id).where(
        ContactVerification.secret_hash == keyed_hash(token or ""), ContactVerification.kind == "email"))
    customer = account.confirm_email(token)
    claim = db.session.scalar(select(AccountClaim).where(
        AccountClaim.verification_id == verification_id, AccountClaim.used_at.is_(None),
        AccountClaim.expires_at > utcnow())) if verification_id else None
    if claim is None:
        return customer, False
    return _complete(claim, customer), True


def _complete(claim: AccountClaim, record: Customer) -> Customer:
    """The registration's password and name go on the record, with the identifiers it lacked; what the
    record already holds stays. Other claims on it end."""
    record.password_hash = claim.password_hash
    record.full_name = claim.full_name
    for field in ("national_code", "username", "email"):
        value = getattr(claim, field)
        if value and getattr(record, field) is None and not services.taken_identifiers(
                services.CustomerIdentifiers(**{field: value}), exclude_id=record.id):
            setattr(record, field, value)  # an e-mail given here is still to be proven (account page)
    now = utcnow()
    for other in db.session.scalars(select(AccountClaim).where(AccountClaim.customer_id == record.id,
                                                              AccountClaim.used_at.is_(None))):
        other.used_at = now
    audit.record(record, "account.claimed", record, by=claim.kind)
    db.session.commit()
    return record
