"""The ticket logic: plain arguments in, models out; no request, no flash. Views, the CLI, the API,
the intake channels and the tests all call these."""
from .attachments import UploadRejected, check_files, clean_filename
from .canned import filled_for as canned_filled_for
from .feedback import can_rate, editable as feedback_editable, record_feedback, satisfaction
from .history import TicketError
from .opening import new_ticket_number, open_ticket
from .queries import QueueFilters, customer_tickets, history, queue, thread
from .workflow import (TRANSITIONS, ReopenExpired, allowed_statuses, assign, can_be_assigned, can_reopen,
                       change_status, claim, close_by_customer, mark_seen, merge, reopen_by_customer, reply,
                       set_category, set_priority, transfer)

__all__ = [
    "QueueFilters", "ReopenExpired", "TRANSITIONS", "TicketError", "UploadRejected", "allowed_statuses", "assign",
    "can_be_assigned", "can_rate", "can_reopen", "canned_filled_for", "change_status", "check_files", "claim",
    "clean_filename", "close_by_customer", "customer_tickets", "feedback_editable", "history", "mark_seen",
    "merge", "new_ticket_number", "open_ticket", "queue", "record_feedback", "reopen_by_customer", "reply",
    "satisfaction", "set_category", "set_priority", "thread", "transfer",
]
