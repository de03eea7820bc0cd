"""What the reports room lets staff do; registered in the app factory."""
from flask_babel import lazy_gettext as _l

PERMISSIONS = {
    "reports.view": (_l("View reports"), _l("See ticket, SLA and satisfaction reports.")),
}
