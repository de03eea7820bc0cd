"""/api/v1/customers (look up by any identifier) and /api/v1/interactions (log a call from a telephony system).

Customers are found through visible_customers(owner) only; every profile read is audited like a page view
(and counts towards the bulk-access alarm); mobile and national code go through customers.pii.present(),
masked exactly as on the pages.
"""
from flask import abort


from ... import security
from ...accounts.models import Customer
from ...accounts.services import identifier_condition
from ...customers import services as customer_services
from ...customers.access import record_profile_view, visible_customers
from ...customers.pii import present
from ...extensions import db
from .core import api_blueprint, api_user
from .schemas import CustomerLookupArgs, CustomerOut, InteractionIn, InteractionOut

bp = api_blueprint("api_customers", __name__, url_prefix="", description="Customers and interactions")


def _plain(value):
    """Machines get the masked value without the bidi isolates that pages wrap it in."""
    return value.strip("\u2066\u2067\u2068\u2069") if isinstance(value, str) else value


def _shown(customer):
    shown = present(customer, api_user())
    return {"number": shown.number, "full_name": customer.full_name, "mobile": _plain(shown.mobile),
            "national_code": _plain(shown.national_code), "email": shown.email, "username": shown.username,
            "masked": sorted(shown.masked), "created_at": customer.created_at}


def _find(condition):
    customer = db.session.scalar(visible_customers(api_user()).where(condition)) if condition is not None else None
    if customer is None:
        abort(404)
    return customer


@bp.get("/customers")
@bp.arguments(CustomerLookupArgs, location="query")
@bp.response(200, CustomerOut)
def lookup(args):
    """The customer an identifier names (number, mobile, national code, e-mail or username), if the token's
    owner may open their profile (customers.view). Audited as a profile view."""
    customer = _find(identifier_condition(args["identifier"]))
    record_profile_view(api_user(), customer)
    return _shown(customer)


@bp.get("/customers/<number>")
@bp.response(200, CustomerOut)
def get_customer(number):
    """A customer by customer number. Audited as a profile view."""
    customer = _find(Customer.number == number)
    record_profile_view(api_user(), customer)
    return _shown(customer)


@bp.post("/interactions")
@bp.arguments(InteractionIn)
@bp.response(201, InteractionOut)
def log_interaction(data):
    """Log a call (or SMS, e-mail, visit, note) on a customer's timeline; needs customers.edit. A telephony
    system names the customer by the caller's number or any other identifier."""
    user = api_user()
    if not security.can(user, "customers.edit"):
        abort(403)
    customer = _find(identifier_condition(data["customer"]))
    interaction = customer_services.log_interaction(customer, kind=data["kind"], direction=data.get("direction"),
                                                    summary=data["summary"], actor=user, at=data.get("at"))
    interaction.customer_number = customer.number
    return interaction, 201



