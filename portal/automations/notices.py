"""Sending a notice once, and to the staff in the way each chose."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from .. import audit, notify, security
from ..accounts.models import StaffUser
from ..extensions import db
from .models import AutomationNotice, StaffNotificationPrefs

CHANNELS = ("email", "sms", "none")
CHANNEL_LABELS = {"email": _l("E-mail"), "sms": _l("SMS"), "none": _l("Don't notify me")}
# What staff hear about, each with its own choice.
KINDS = {
    "customer_reply": _l("A customer replies to my ticket (or to an unassigned ticket of my department)"),
    "low_csat": _l("A customer rates an answer 1 or 2 (supervisors)"),
    "sla_warning": _l("A ticket of mine is about to miss its due time"),
    "sla_breach": _l("A ticket of my department missed its due time (supervisors)"),
    "follow_up": _l("A follow-up or task of mine falls due"),
    "contract": _l("A support contract of my accounts is ending or has ended"),
}


def already_sent(kind: str, target_id: int, key: str = "") -> bool:
    return db.session.scalar(select(exists().where(AutomationNotice.kind == kind,
                                                   AutomationNotice.target_id == target_id,
                                                   AutomationNotice.key == key)))


def sent_keys(kinds, target_ids) -> set[tuple[str, int, str]]:
    """(kind, target, key) of the notices already sent about these targets: one query for a whole batch."""
    if not target_ids:
        return set()
    rows = db.session.execute(select(AutomationNotice.kind, AutomationNotice.target_id, AutomationNotice.key)
                              .where(AutomationNotice.kind.in_(kinds), AutomationNotice.target_id.in_(set(target_ids))))
    return {tuple(row) for row in rows}


def remember(kind: str, target_id: int, key: str = "", *, at=None) -> None:
    db.session.add(AutomationNotice(kind=kind, target_id=target_id, key=key, **({"created_at": at} if at else {})))


def prefs_for(staff) -> StaffNotificationPrefs:
    return db.session.get(StaffNotificationPrefs, staff.id) or StaffNotificationPrefs(staff_id=staff.id, choices={})


def channel_for(staff, kind: str) -> str:
    prefs = db.session.get(StaffNotificationPrefs, staff.id)
    return (prefs.choices or {}).get(kind, "email") if prefs else "email"


class PrefsError(ValueError):
    """A choice that cannot work; str() is the message for the person who made it."""


def save_prefs(staff, *, mobile: str | None, choices: dict[str, str]) -> StaffNotificationPrefs:
    """Store a staff member's channel per kind; SMS for any kind needs a mobile number."""
    unknown = {k for k in choices if k not in KINDS} | {c for c in choices.values() if c not in CHANNELS}
    if unknown:
        raise ValueError(f"unknown kinds or channels: {sorted(unknown)}")
    if "sms" in choices.values() and not mobile:
        raise PrefsError(_l("Enter your mobile number to receive SMS."))
    prefs = prefs_for(staff)
    prefs.mobile = mobile or None
    prefs.choices = dict(choices)
    db.session.add(prefs)
    audit.record(staff, "staff.notification_prefs_changed", staff, choices=dict(choices))
    db.session.commit()
    return prefs


def tell_staff(staff, kind: str, template: str, **context) -> list:
    """Outbox rows for one staff member, by the channel chosen for this kind (SMS needs a mobile on file)."""
    if not staff.active:
        return []
    channel = channel_for(staff, kind)
    if channel == "email":
        return notify.notify_staff(staff, template, **context)
    if channel == "sms":
        mobile = prefs_for(staff).mobile
        return notify.notify_by_sms(staff, mobile, template, **context) if mobile else []
    return []


def supervisors_of(department_id: int) -> list[StaffUser]:
    """Active staff who see every ticket (tickets.view_all) and belong to this department or to none."""
    staff = db.session.scalars(select(StaffUser).where(StaffUser.active.is_(True)).order_by(StaffUser.id))
    return [s for s in staff if (not s.department_ids or department_id in s.department_ids)
            and security.can(s, "tickets.view_all")]


def agents_of(department_id: int) -> list[StaffUser]:
    staff = db.session.scalars(select(StaffUser).where(StaffUser.active.is_(True)).order_by(StaffUser.id))
    return [s for s in staff if department_id in s.department_ids and security.can(s, "tickets.reply")]
