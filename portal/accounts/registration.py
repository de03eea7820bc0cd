"""Self-registration: the account exists at once, but its mobile (and e-mail, when given) must be proven.

Whoever registers a mobile first does not own it: a claim that was never proven is released when the
person who receives the SMS code proves the number (account._apply)."""
from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..persian import normalize_mobile
from . import account, claims, services
from .models import Customer


@dataclass(frozen=True)
class Registration:
    customer: Customer | None = None  # a new account: signed in at once, its mobile still to prove
    claim_reference: str | None = None  # a record we made to claim: the browser keeps this until it is proven


def register(*, mobile, email=None, **details) -> Registration:
    """A new account, or, when the mobile (else the e-mail) names a record made from a message or call that
    has no sign-in, a claim on that record (accounts/claims.py). Raises services.DuplicateIdentifier."""
    record = claims.claimable(mobile=mobile, email=email)
    if record is not None:
        _claim, reference = claims.start_claim(*record, email=email, **details)
        return Registration(claim_reference=reference)
    return Registration(customer=register_customer(mobile=mobile, email=email, **details))


def register_customer(*, full_name, password, mobile, national_code=None, email=None, username=None,
                      link_for) -> Customer:
    """Raises services.DuplicateIdentifier (with .fields: every identifier a proven account holds)."""
    wanted = normalize_mobile(mobile)
    holder = db.session.scalar(select(Customer).where(Customer.mobile == wanted)) if wanted else None
    claimed = holder is not None and holder.mobile_verified_at is None
    ids = services.normalize_identifiers(mobile=None if claimed else mobile, national_code=national_code,
                                         email=email, username=username)
    taken = services.taken_identifiers(ids)
    if taken:
        raise services.DuplicateIdentifier(taken[0], taken)
    customer = services.create_customer(full_name=full_name, password=password, mobile=None if claimed else mobile,
                                        national_code=national_code, email=email, username=username,
                                        verified=False, commit=False)
    account.request_mobile_change(customer, wanted)  # the code; commits the new account with it
    if customer.email:
        account.request_email_verification(customer, link_for=link_for)
    return customer
