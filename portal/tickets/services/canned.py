"""Canned replies: ready answers agents insert, with placeholders such as {customer_name} filled in."""
from __future__ import annotations

import re

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ... import audit
from ...extensions import db
from ...jalali import format_number
from ...persian import isolate
from ..models import CannedReply

PLACEHOLDERS = {
    "customer_name": _l("the customer's full name"),
    "customer_number": _l("the customer number"),
    "ticket_number": _l("the ticket number"),
    "ticket_subject": _l("the ticket's subject"),
    "agent_name": _l("your name"),
    "department": _l("the ticket's department"),
    "company": _l("the company's name"),
}
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def placeholder_values(ticket, agent) -> dict[str, str]:
    # Numbers in the customer's digits, isolated so that 05-9651274 is not read as 9651274-05 in Persian text.
    locale = ticket.customer.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    return {
        "customer_name": ticket.customer.full_name,
        "customer_number": isolate(format_number(ticket.customer.number, locale)),
        "ticket_number": isolate(format_number(ticket.number, locale)),
        "ticket_subject": ticket.subject,
        "agent_name": agent.full_name,
        "department": ticket.department.name if ticket.department else "",
        "company": current_app.config["PORTAL_COMPANY_NAME"],
    }


def fill(body: str, values: dict[str, str]) -> str:
    """Replace the known {placeholders}; anything else in braces stays as written."""
    return _PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), body)


def unknown_placeholders(body: str) -> list[str]:
    return sorted({m for m in _PLACEHOLDER.findall(body or "") if m not in PLACEHOLDERS})


def for_department(department_id, *, active_only=True):
    query = select(CannedReply).where(or_(CannedReply.department_id.is_(None),
                                          CannedReply.department_id == department_id))
    if active_only:
        query = query.where(CannedReply.is_active.is_(True))
    return list(db.session.scalars(query.order_by(CannedReply.title)))


def filled_for(ticket, agent) -> list[tuple[CannedReply, str]]:
    values = placeholder_values(ticket, agent)
    return [(reply, fill(reply.body, values)) for reply in for_department(ticket.department_id)]


def all_replies(visible):
    """The replies of `visible` (a query from access.visible_canned_replies), those in use first."""
    return list(db.session.scalars(visible.order_by(CannedReply.is_active.desc(), CannedReply.title)))


def save(reply: CannedReply | None, *, title, body, department_id, is_active, actor) -> CannedReply:
    created = reply is None
    if created:
        reply = CannedReply(created_by_id=actor.id)
        db.session.add(reply)
    reply.title = " ".join(title.split())
    reply.body = body.strip()
    reply.department_id = department_id or None
    reply.is_active = bool(is_active)
    db.session.flush()
    audit.record(actor, "canned.created" if created else "canned.updated", reply, title=reply.title)
    db.session.commit()
    return reply


def delete(reply: CannedReply, *, actor) -> None:
    audit.record(actor, "canned.deleted", reply, title=reply.title)
    db.session.delete(reply)
    db.session.commit()
