"""What people read for the codes of the inbound store."""
from flask_babel import lazy_gettext as _l

from ..tickets.labels import CHANNEL_LABELS  # noqa: F401  (one table of channel names; templates read it here)
STATUS_LABELS = {
    "received": _l("Received"), "processed": _l("Processed"), "quarantined": _l("Quarantined"),
    "failed": _l("Failed"), "held": _l("Held"), "discarded": _l("Discarded"),
}
STATUS_COLORS = {"received": "secondary", "processed": "success", "quarantined": "warning", "failed": "danger",
                 "held": "info", "discarded": "light"}
REASON_LABELS = {
    "unknown_sender": _l("Unknown sender"),
    "bad_sender": _l("The sender is not a mobile number"),
    "no_sender": _l("No sender"),
    "empty": _l("Empty message"),
    "unreadable": _l("Unreadable"),
    "rate": _l("Too many messages from this sender"),
    "bad_token": _l("Reply address not genuine"),
    "no_token": _l("Names a ticket without its reply address"),
    "not_ticket_customer": _l("Sender is not the ticket's customer"),
    "ticket_closed": _l("The ticket is closed"),
    "error": _l("Error"),
    # API requests that could not become a ticket (channels/api/intake.py)
    "malformed": _l("Not valid JSON"),
    "owner": _l("The token's owner is gone or disabled"),
    "permission": _l("The token's owner lacks the permission"),
    "customer": _l("Unknown customer"),
    "category": _l("Unknown or retired topic"),
    "refused": _l("Refused by the ticket rules"),
}
