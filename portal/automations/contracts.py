"""Support contracts over their life: edit, renew, end; reminders before and at the end; the ended ones listed.

"Ended" means its last day (ends_on) has passed. Ending a contract makes today its last day. Reminders go to
the customer and to the account's agent (the contract's agent, or whoever recorded it): PORTAL_CONTRACT_REMIND_DAYS
before the last day, and once the contract has ended, each once per (contract, last day). A customer whose
support goes on (a renewal or another contract covers the next day) is not reminded.
"""
from datetime import date, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, func, select, text
from sqlalchemy.orm import aliased, joinedload

from .. import audit, notify
from ..accounts.models import StaffUser
from ..customers.models import SupportContract
from ..customers.services import local_today
from ..extensions import db
from .notices import already_sent, remember, tell_staff

ENDED_NOTICE_WITHIN = timedelta(days=7)  # a contract that ended longer ago than this (at the first run) stays quiet
PER_PAGE = 50


class ContractError(ValueError):
    """str() is the message for the person who asked."""


def _check_dates(starts_on, ends_on):
    if ends_on < starts_on:
        raise ContractError(_l("The end date cannot be before the start date."))


def edit(contract, *, title, starts_on, ends_on, agent, actor) -> SupportContract:
    _check_dates(starts_on, ends_on)
    before = {"title": contract.title, "starts_on": contract.starts_on.isoformat(), "ends_on": contract.ends_on.isoformat(),
              "agent_id": contract.agent_id}
    contract.title = " ".join(title.split())
    contract.starts_on, contract.ends_on = starts_on, ends_on
    contract.agent_id = agent.id if agent else None
    audit.record(actor, "contract.edited", contract.customer, contract_id=contract.id, before=before,
                 after={"title": contract.title, "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat(),
                        "agent_id": contract.agent_id})
    db.session.commit()
    return contract


def renew(contract, *, ends_on, actor) -> SupportContract:
    """A new contract of the same plan and agent, from the day after this one ends until `ends_on`."""
    starts_on = contract.ends_on + timedelta(days=1)
    if ends_on < starts_on:
        raise ContractError(_l("The renewal must end after the current contract ends."))
    renewal = SupportContract(customer_id=contract.customer_id, title=contract.title, starts_on=starts_on,
                              ends_on=ends_on, agent_id=contract.agent_id, created_by_id=getattr(actor, "id", None))
    db.session.add(renewal)
    db.session.flush()
    audit.record(actor, "contract.renewed", contract.customer, contract_id=contract.id, renewal_id=renewal.id,
                 starts_on=starts_on.isoformat(), ends_on=ends_on.isoformat())
    db.session.commit()
    return renewal


def end(contract, *, actor, today=None) -> SupportContract:
    """Today is its last day; the customer and the agent hear of it tomorrow (the reminder job)."""
    today = today or local_today()
    if contract.starts_on > today:
        raise ContractError(_l("This contract has not started; change its dates instead."))
    if contract.ends_on < today:
        raise ContractError(_l("This contract has already ended."))
    old = contract.ends_on
    contract.ends_on = today
    audit.record(actor, "contract.ended", contract.customer, contract_id=contract.id, ends_on_before=old.isoformat(),
                 ends_on=today.isoformat())
    db.session.commit()
    return contract


def _day_after(column):
    if db.session.get_bind().dialect.name == "postgresql":
        return column + text("interval '1 day'")
    return func.date(column, "+1 day")  # SQLite keeps dates as ISO text, which compares in order


def _continued():
    """Another contract of the same customer covers the day after this one's last day."""
    later = aliased(SupportContract)
    return exists().where(and_(later.customer_id == SupportContract.customer_id, later.id != SupportContract.id,
                               later.starts_on <= _day_after(SupportContract.ends_on),
                               later.ends_on > SupportContract.ends_on))


def ended_query(visible_customer_ids, today=None):
    """Ended contracts of the visible customers whose support has not gone on, latest end first."""
    today = today or local_today()
    return (select(SupportContract).options(joinedload(SupportContract.customer), joinedload(SupportContract.agent))
            .where(SupportContract.customer_id.in_(visible_customer_ids), SupportContract.ends_on < today,
                   ~_continued())
            .order_by(SupportContract.ends_on.desc(), SupportContract.id.desc()))


def agent_of(contract) -> StaffUser | None:
    staff_id = contract.agent_id or contract.created_by_id
    return db.session.get(StaffUser, staff_id) if staff_id else None


def run(now, today: date | None = None) -> str:
    today = today or local_today()
    days = current_app.config["PORTAL_CONTRACT_REMIND_DAYS"]
    ending = list(db.session.scalars(
        select(SupportContract).where(SupportContract.starts_on <= today, SupportContract.ends_on >= today,
                                      SupportContract.ends_on <= today + timedelta(days=days), ~_continued())
        .order_by(SupportContract.ends_on, SupportContract.id)))
    ended = list(db.session.scalars(
        select(SupportContract).where(SupportContract.ends_on < today,
                                      SupportContract.ends_on >= today - ENDED_NOTICE_WITHIN, ~_continued())
        .order_by(SupportContract.ends_on, SupportContract.id)))
    sent = 0
    for kind, contracts in (("contract_ending", ending), ("contract_ended", ended)):
        for contract in contracts:
            key = contract.ends_on.isoformat()
            if already_sent(kind, contract.id, key):
                continue
            remember(kind, contract.id, key, at=now)
            context = {"contract": contract, "days_left": (contract.ends_on - today).days}
            notify.notify_customer(contract.customer, kind, **context)
            agent = agent_of(contract)
            if agent is not None:
                tell_staff(agent, "contract", kind, customer=contract.customer, **context)
            audit.record(None, f"{kind.replace('_', '.', 1)}_notice", contract.customer, contract_id=contract.id,
                         ends_on=key)
            db.session.commit()
            sent += 1
    return f"{sent} contract reminders"
