"""What the back-office shell lets staff do; registered in the app factory."""
from flask_babel import lazy_gettext as _l

PERMISSIONS = {
    "access.manage": (_l("Manage access levels"), _l("Edit roles, permissions, departments and staff accounts.")),
    "audit.view": (_l("View the audit log"), _l("Read who saw or changed what.")),
}
