"""What the channels share: the help topic of tickets from outside, finding or creating the sender,
the per-sender hourly limit, and a subject made from the first words of a message."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..accounts.models import Customer
from ..accounts.services import create_customer
from ..extensions import db
from ..models_base import utcnow
from ..tickets.models import ACTIVE_STATUSES, Category, Ticket
from .inbound import Held, Quarantined
from .models import InboundMessage

UNKNOWN_SENDER_POLICIES = ("accept", "quarantine")


def intake_category() -> Category:
    """PORTAL_INBOUND_CATEGORY (a help topic's name), else the first active topic. With none, the
    message fails (and is kept): processing it again after a topic exists makes the ticket."""
    query = select(Category).where(Category.is_active.is_(True)).order_by(Category.position, Category.id)
    name = current_app.config.get("PORTAL_INBOUND_CATEGORY")
    category = db.session.scalar(query.where(Category.name == name).limit(1)) if name else None
    category = category or db.session.scalar(query.limit(1))
    if category is None:
        raise LookupError("no active help topic for tickets from outside (PORTAL_INBOUND_CATEGORY)")
    return category


def find_customer_by(*, mobile=None, email=None) -> Customer | None:
    if mobile:
        found = db.session.scalar(select(Customer).where(Customer.mobile == mobile))
        if found is not None:
            return found
    if email:
        return db.session.scalar(select(Customer).where(Customer.email == email))
    return None


def customer_for_sender(*, policy: str, full_name: str, mobile=None, email=None) -> Customer:
    """The customer the sender is, or a new record without a password (unverified: nobody can sign in
    as it until the owner registers or staff confirm), or Quarantined when the policy says so."""
    customer = find_customer_by(mobile=mobile, email=email)
    if customer is not None:
        return customer
    if policy != "accept":
        raise Quarantined("unknown_sender", _l("The sender is not a known customer."))
    return create_customer(full_name=full_name[:120] or (mobile or email), mobile=mobile, email=email, commit=False,
                           verified=False)


def check_sender_rate(message: InboundMessage) -> None:
    """Held when the sender wrote more than PORTAL_INBOUND_HOURLY_LIMIT messages within the hour."""
    limit = int(current_app.config["PORTAL_INBOUND_HOURLY_LIMIT"])
    if not message.sender or limit <= 0 or getattr(message, "by_person", False):
        return
    count = db.session.scalar(select(func.count()).select_from(InboundMessage).where(
        InboundMessage.channel == message.channel, InboundMessage.sender == message.sender,
        InboundMessage.received_at > utcnow() - timedelta(hours=1), InboundMessage.id <= message.id))
    if count > limit:
        raise Held("rate", _l("The sender wrote more than %(limit)s messages within an hour.", limit=limit))


def recent_open_ticket(customer, days: int) -> Ticket | None:
    """The customer's most recently active open ticket, when it was active within `days`."""
    return db.session.scalar(
        select(Ticket).where(Ticket.customer_id == customer.id, Ticket.status.in_(ACTIVE_STATUSES),
                             Ticket.merged_into_id.is_(None),
                             Ticket.last_activity_at >= utcnow() - timedelta(days=days))
        .order_by(Ticket.last_activity_at.desc(), Ticket.id.desc()).limit(1))


def subject_from(text: str, fallback) -> str:
    """The first line of a message, cut at a word near 80 characters."""
    first = " ".join((text or "").strip().splitlines()[0].split()) if (text or "").strip() else ""
    if len(first) > 80:
        first = first[:80].rsplit(" ", 1)[0] + "…"
    return first or str(fallback)
