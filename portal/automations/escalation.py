"""SLA escalation: warn the assignee before a due time, tell the supervisors when it is missed; each once.

What we owe is on the ticket's sla_due_at (first response until answered, then resolution), and only while
the ball is in our court (new, open). A warning goes out when the business time left is at most
PORTAL_SLA_WARN_BUSINESS_HOURS; a breach when the due time has passed. Each is remembered by
(ticket, due time), so a ticket whose due time moves (reopened, new priority) can be warned again.
The queue shows a breached ticket as overdue (from sla_due_at); the breach notice adds an audit row.
"""
from flask import current_app
from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..tickets.models import OVERDUE_STATUSES, Ticket
from ..tickets.services import sla
from .notices import remember, sent_keys, supervisors_of, tell_staff

BATCH = 500


def _stage(ticket) -> str:
    return "first_response" if ticket.first_response_at is None else "resolution"


def _key(ticket) -> str:
    return f"{_stage(ticket)}@{ticket.sla_due_at.isoformat(timespec='minutes')}"


def run(now) -> str:
    lead_minutes = round(current_app.config["PORTAL_SLA_WARN_BUSINESS_HOURS"] * 60)
    warn_before = sla.add_business_minutes(now, lead_minutes, sla.calendar())
    ours = (Ticket.status.in_(OVERDUE_STATUSES), Ticket.sla_due_at.is_not(None), Ticket.merged_into_id.is_(None))
    soon = list(db.session.scalars(select(Ticket).where(*ours, Ticket.sla_due_at > now, Ticket.sla_due_at <= warn_before,
                                                        Ticket.assignee_id.is_not(None))
                                   .order_by(Ticket.sla_due_at).limit(BATCH)))
    late = list(db.session.scalars(select(Ticket).where(*ours, Ticket.sla_due_at <= now)
                                   .order_by(Ticket.sla_due_at).limit(BATCH)))
    done = sent_keys(("sla_warning", "sla_breach"), [t.id for t in soon + late])
    supervisors = {}
    warned = breached = 0
    for ticket in soon:
        if ("sla_warning", ticket.id, _key(ticket)) not in done:
            warn(ticket, now)
            warned += 1
    for ticket in late:
        if ("sla_breach", ticket.id, _key(ticket)) not in done:
            if ticket.department_id not in supervisors:
                supervisors[ticket.department_id] = supervisors_of(ticket.department_id)
            breach(ticket, now, supervisors[ticket.department_id])
            breached += 1
    return f"{warned} warned, {breached} breached"


def warn(ticket, now) -> None:
    remember("sla_warning", ticket.id, _key(ticket), at=now)
    tell_staff(ticket.assignee, "sla_warning", "sla_warning", ticket=ticket, stage=_stage(ticket))
    audit.record(None, "ticket.sla_warning", ticket, number=ticket.number, stage=_stage(ticket),
                 due=ticket.sla_due_at.isoformat(timespec="minutes"), assignee_id=ticket.assignee_id)
    db.session.commit()


def breach(ticket, now, supervisors=None) -> None:
    remember("sla_breach", ticket.id, _key(ticket), at=now)
    for supervisor in supervisors if supervisors is not None else supervisors_of(ticket.department_id):
        tell_staff(supervisor, "sla_breach", "sla_breach", ticket=ticket, stage=_stage(ticket))
    audit.record(None, "ticket.sla_breached", ticket, number=ticket.number, stage=_stage(ticket),
                 due=ticket.sla_due_at.isoformat(timespec="minutes"))
    db.session.commit()
