"""Self-registration: the account exists at once, but its mobile (and e-mail, when given) must be proven.

Whoever registers a mobile first does not own it: a claim that was never proven is released when the
person who receives the SMS code proves the number (account._apply)."""
from sqlalchemy import select

from ..extensions import db
from ..persian import normalize_mobile
from . import account, services
from .models import Customer


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
