"""Reading the audit trail with filters; rows are only ever read here."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..audit import AuditEntry
from ..extensions import db
from ..persian import to_ascii_digits

PER_PAGE = 50


@dataclass(frozen=True)
class AuditFilter:
    person: str = ""  # part of the actor's e-mail / customer number, or "#<id>"
    action: str = ""
    target_kind: str = ""
    target_id: str = ""
    date_from: date | None = None  # local (portal time zone) days, inclusive
    date_to: date | None = None


def _utc_start_of(day: date, zone: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(zone)).astimezone(timezone.utc).replace(tzinfo=None)


def audit_query(filters: AuditFilter, *, zone="Asia/Tehran"):
    query = select(AuditEntry)
    person = to_ascii_digits(filters.person).strip()
    if person.startswith("#") and person[1:].isdigit():
        query = query.where(AuditEntry.actor_id == int(person[1:]))
    elif person:
        query = query.where(AuditEntry.actor_label.ilike(f"%{person.lower()}%"))
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.target_kind:
        query = query.where(AuditEntry.target_kind == filters.target_kind)
    if filters.target_id.strip():
        query = query.where(AuditEntry.target_id == filters.target_id.strip())
    if filters.date_from:
        query = query.where(AuditEntry.at >= _utc_start_of(filters.date_from, zone))
    if filters.date_to:
        query = query.where(AuditEntry.at < _utc_start_of(filters.date_to + timedelta(days=1), zone))
    return query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def audit_page(filters: AuditFilter, *, page=1, per_page=PER_PAGE, zone="Asia/Tehran"):
    return db.paginate(audit_query(filters, zone=zone), page=page, per_page=per_page, error_out=False)
