"""NPS surveys: choose who is asked, send each a personal link through the outbox, take one answer per link.

The answer is stored as the customer's NpsResponse (customers room), so it shows on the profile and in
the satisfaction report like any other NPS answer."""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, or_, select, update

from .. import notify
from ..accounts.models import Customer
from ..customers.services import record_nps
from ..extensions import db
from ..models_base import utcnow
from ..tickets.links import absolute_url
from ..tickets.models import Ticket
from .models import NpsInvitation, NpsSurvey

AUDIENCES = {"resolved": _l("Customers with a ticket resolved in the last days"),
             "active": _l("All active customers")}
SCORES = range(0, 11)


class SurveyError(Exception):
    """Something the person can fix or should know, already translated."""


def audience(kind: str, *, resolved_days: int | None, gap_days: int, now: datetime):
    """The customers to ask: active, reachable, not asked within gap_days, and (for "resolved") with a ticket
    resolved within resolved_days."""
    query = select(Customer).where(
        Customer.active.is_(True),
        or_((Customer.notify_by_email.is_(True)) & Customer.email.is_not(None),
            (Customer.notify_by_sms.is_(True)) & Customer.mobile.is_not(None)),
        ~exists(select(NpsInvitation.id).where(NpsInvitation.customer_id == Customer.id,
                                                NpsInvitation.sent_at >= now - timedelta(days=gap_days))))
    if kind == "resolved":
        query = query.where(exists(select(Ticket.id).where(
            Ticket.customer_id == Customer.id, Ticket.resolved_at >= now - timedelta(days=resolved_days or 0))))
    elif kind != "active":
        raise ValueError(f"unknown audience {kind!r}")
    return query.order_by(Customer.id)


def run_survey(kind: str, *, resolved_days: int | None = None, gap_days: int, actor=None,
               now: datetime | None = None, schedule_id: int | None = None) -> NpsSurvey:
    """Invite the audience now: one invitation and one outbox message (SMS and/or e-mail, as each customer
    prefers) per customer, written in one transaction."""
    now = now or utcnow()
    if kind == "resolved" and not resolved_days:
        raise SurveyError(_l("Say within how many days the ticket was resolved."))
    if gap_days < 1:
        raise SurveyError(_l("Ask a customer at most once in one day or more."))
    survey = NpsSurvey(audience=kind, resolved_days=resolved_days if kind == "resolved" else None,
                       gap_days=gap_days, created_by_id=getattr(actor, "id", None), created_at=now,
                       schedule_id=schedule_id)
    db.session.add(survey)
    db.session.flush()
    for customer in db.session.scalars(audience(kind, resolved_days=resolved_days, gap_days=gap_days, now=now)):
        invitation = NpsInvitation(survey_id=survey.id, customer_id=customer.id, token=secrets.token_urlsafe(24),
                                   sent_at=now)
        db.session.add(invitation)
        notify.notify_customer(customer, "nps_survey", link=absolute_url("surveys.answer", token=invitation.token))
        survey.invited += 1
    db.session.commit()
    return survey


def invitation_for(token: str) -> NpsInvitation | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(NpsInvitation).where(NpsInvitation.token == token))


def answer(invitation: NpsInvitation, *, score, comment=None, now: datetime | None = None):
    """Take the answer once: a second answer on the same link (or two at once) is refused."""
    now = now or utcnow()
    if score not in SCORES:
        raise SurveyError(_l("Choose a score from 0 to 10."))
    claimed = db.session.execute(update(NpsInvitation).where(NpsInvitation.id == invitation.id,
                                                             NpsInvitation.answered_at.is_(None))
                                 .values(answered_at=now).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        db.session.rollback()
        raise SurveyError(_l("This survey was already answered. Thank you!"))
    response = record_nps(invitation.customer, score=score, comment=(comment or "")[:2000], at=now)  # commits both
    db.session.execute(update(NpsInvitation).where(NpsInvitation.id == invitation.id).values(response_id=response.id))
    db.session.commit()
    db.session.refresh(invitation)
    return response


def recent_surveys(limit: int = 20) -> list[tuple[NpsSurvey, int]]:
    """The latest runs with how many of their invitations were answered."""
    from sqlalchemy import func

    answered = (select(func.count(NpsInvitation.id)).where(NpsInvitation.survey_id == NpsSurvey.id,
                                                           NpsInvitation.answered_at.is_not(None))
                .correlate(NpsSurvey).scalar_subquery())
    return list(db.session.execute(select(NpsSurvey, answered).order_by(NpsSurvey.created_at.desc(), NpsSurvey.id.desc())
                                   .limit(limit)).all())
