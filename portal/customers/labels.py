"""What people read for the stored codes of this room; ticket codes are read from tickets/labels.py."""
from flask_babel import lazy_gettext as _l, ngettext

INTERACTION_KIND_LABELS = {
    "call": _l("Phone call"), "sms": _l("SMS"), "email": _l("E-mail"), "visit": _l("Visit"), "note": _l("Note"),
    "webform": _l("Web form"),
}
DIRECTION_LABELS = {"in": _l("From the customer"), "out": _l("To the customer")}
FIELD_KIND_LABELS = {"text": _l("Text"), "number": _l("Number"), "date": _l("Date (Jalali)"),
                     "choice": _l("Choice from a list")}
CONTRACT_STATUS_LABELS = {"active": _l("Active"), "expiring": _l("Expiring soon"), "expired": _l("Expired"),
                          "upcoming": _l("Not started yet"), "none": _l("No support contract")}


def duration_text(seconds) -> str:
    """A length of time as a person says it: 45 minutes, 3 hours 10 minutes, 2 days 4 hours."""
    if seconds is None:
        return ""
    minutes = max(int(round(seconds / 60)), 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if days:
        parts.append(ngettext("%(num)s day", "%(num)s days", days))
    if hours:
        parts.append(ngettext("%(num)s hour", "%(num)s hours", hours))
    if minutes and not days:
        parts.append(ngettext("%(num)s minute", "%(num)s minutes", minutes))
    return " ".join(parts) or ngettext("%(num)s minute", "%(num)s minutes", 0)
