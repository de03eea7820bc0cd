"""What the ticket room lets staff do; registered in the app factory."""
from flask_babel import lazy_gettext as _l

PERMISSIONS = {
    "tickets.view_all": (_l("See all tickets"), _l("See tickets of every department, not only one's own.")),
    "tickets.assign": (_l("Assign tickets"), _l("Assign tickets to agents and transfer them between departments.")),
    "tickets.reply": (_l("Answer tickets"), _l("Reply to customers, add internal notes and change ticket status.")),
    "tickets.create_for_customer": (_l("Log tickets for customers"), _l("Open tickets on a customer's behalf from a call or SMS.")),
    "tickets.merge": (_l("Merge tickets"), _l("Merge a duplicate ticket into another.")),
    "canned.manage": (_l("Manage canned replies"), _l("Create and edit canned replies.")),
}
