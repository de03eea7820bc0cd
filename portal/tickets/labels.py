"""What people read for the stored codes of status, priority and channel (lazy: translated when shown)."""
from math import ceil

from flask_babel import get_locale, gettext as _, lazy_gettext as _l

from ..jalali import format_number

STATUS_LABELS = {
    "new": _l("New"),
    "open": _l("Open"),
    "waiting": _l("Waiting for customer"),
    "resolved": _l("Resolved"),
    "closed": _l("Closed"),
}
# What the customer reads: the same states in the customer's words.
CUSTOMER_STATUS_LABELS = {
    "new": _l("Received"),
    "open": _l("In progress"),
    "waiting": _l("Waiting for your reply"),
    "resolved": _l("Resolved"),
    "closed": _l("Closed"),
}
STATUS_COLORS = {"new": "primary", "open": "info", "waiting": "warning", "resolved": "success", "closed": "secondary"}
PRIORITY_LABELS = {"low": _l("Low"), "normal": _l("Normal"), "high": _l("High"), "urgent": _l("Urgent")}
PRIORITY_COLORS = {"low": "secondary", "normal": "light", "high": "warning", "urgent": "danger"}
CHANNEL_LABELS = {"portal": _l("Portal"), "phone": _l("Phone"), "sms": _l("SMS"), "email": _l("E-mail"), "api": _l("API"), "webform": _l("Web form")}
EVENT_LABELS = {
    "created": _l("opened the ticket"),
    "status": _l("changed the status"),
    "assignee": _l("changed the assignee"),
    "department": _l("moved it to another department"),
    "priority": _l("changed the priority"),
    "category": _l("changed the topic"),
    "merged_into": _l("merged it into another ticket"),
    "merged_from": _l("merged another ticket into this one"),
    "feedback": _l("rated the answer"),
}


def template_globals() -> dict:
    return {"STATUS_LABELS": STATUS_LABELS, "CUSTOMER_STATUS_LABELS": CUSTOMER_STATUS_LABELS,
            "STATUS_COLORS": STATUS_COLORS, "PRIORITY_LABELS": PRIORITY_LABELS, "PRIORITY_COLORS": PRIORITY_COLORS,
            "CHANNEL_LABELS": CHANNEL_LABELS, "EVENT_LABELS": EVENT_LABELS}


def usual_answer(first_response_hours: float, hours_per_day: float) -> str:
    """"We usually answer within ...": the customer reads an expectation, not a service-level clause."""
    if first_response_hours <= 1:
        return _("We usually answer within an hour, in working hours.")
    if first_response_hours <= 4:
        return _("We usually answer within a few working hours.")
    if first_response_hours <= hours_per_day:
        return _("We usually answer within one working day.")
    return _("We usually answer within %(days)s working days.",
             days=format_number(ceil(first_response_hours / hours_per_day), get_locale()))
