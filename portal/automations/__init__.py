"""Work that happens on its own: auto-close, SLA escalation, agents hearing about their tickets.

Each automation is a job function of `now` that the worker runs (registered in create_app). Whatever it
sends is written to the outbox with an AutomationNotice row in the same transaction, so each notice goes
out once even if a run is repeated after a crash.
"""
from flask_babel import lazy_gettext as _l

# The audit viewer's labels for what the automations do (registered in create_app).
AUDIT_ACTIONS = {
    "ticket.auto_closed": _l("Ticket closed automatically"),
    "ticket.sla_warning": _l("SLA warning sent"),
    "ticket.sla_breached": _l("SLA breached"),
    "ticket.low_csat": _l("Low satisfaction score reported"),
    "staff.notification_prefs_changed": _l("Notification settings changed"),
    "follow_up.added": _l("Follow-up set"),
    "follow_up.done": _l("Follow-up done"),
    "follow_up.reminded": _l("Follow-up reminder sent"),
    "contract.edited": _l("Support contract changed"),
    "contract.renewed": _l("Support contract renewed"),
    "contract.ended": _l("Support contract ended"),
    "contract.ending_notice": _l("Contract end reminder sent"),
    "contract.ended_notice": _l("Contract ended notice sent"),
    "customer.greetings_changed": _l("Greetings consent changed"),
    "customer.greeted": _l("Greeting sent"),
}
