"""Tickets opened through the API go through the inbound store like every other channel's messages:
the request body is stored raw first, then processed; a repeated Idempotency-Key returns the first ticket,
and a request that could not become a ticket waits in /admin/inbound/ with its reason."""
from __future__ import annotations

import json
import uuid

from flask_babel import lazy_gettext as _l

from ... import security
from ...accounts.models import Customer, StaffUser
from ...accounts.services import find_customer
from ...extensions import db
from ...inputs import clean_json
from ...tickets import services
from ...tickets.services import categories
from .. import inbound

CHANNEL = "api"


def sender_key(user) -> str:
    return f"{'staff' if security.is_staff(user) else 'customer'}:{user.id}"


def provider_id(user, idempotency_key: str | None) -> str:
    """Keys are the caller's own: two callers using the same key never meet; no key, no deduplication."""
    return f"{sender_key(user)}:{(idempotency_key or '').strip()[:200] or uuid.uuid4().hex}"


def owner_of(message):
    kind, _sep, raw_id = (message.sender or "").partition(":")
    model = {"staff": StaffUser, "customer": Customer}.get(kind)
    return db.session.get(model, int(raw_id)) if model and raw_id.isdigit() else None


def receive(user, raw: bytes, *, idempotency_key=None, subject=""):
    """Store the request, then open its ticket. Returns the stored message (with .ticket once processed)."""
    message, _new = inbound.receive(CHANNEL, raw, provider_id=provider_id(user, idempotency_key),
                                    sender=sender_key(user), summary=subject)
    return message


def process(message) -> None:
    """Open the ticket the stored request asks for, as its token's owner (also when an admin retries it)."""
    try:
        data = clean_json(json.loads(message.raw))  # also requests stored before bodies were cleaned
    except (ValueError, UnicodeDecodeError) as error:
        raise inbound.Quarantined("malformed", _l("The request is not valid JSON.")) from error
    user = owner_of(message)
    if user is None or not user.active:
        raise inbound.Quarantined("owner", _l("The token's owner no longer exists or is disabled."))
    if security.is_staff(user):
        if not security.can(user, "tickets.create_for_customer"):
            raise inbound.Quarantined("permission", _l("The token's owner may no longer log tickets for customers."))
        customer, created_by, priority = find_customer(data.get("customer") or ""), user, data.get("priority")
    else:
        customer, created_by, priority = user, None, "normal"
    if customer is None:
        raise inbound.Quarantined("customer", _l("No customer has this identifier."))
    category_id = str(data.get("category_id", ""))
    category = next((c for c in categories.active_categories() if str(c.id) == category_id), None)
    if category is None:
        raise inbound.Quarantined("category", _l("No active topic has this id."))
    try:
        services.open_ticket(customer, subject=data.get("subject", ""), body=data.get("body", ""), category=category,
                             channel=CHANNEL, created_by=created_by, priority=priority or "normal")
    except services.TicketError as error:
        raise inbound.Quarantined("refused", str(error)) from error
