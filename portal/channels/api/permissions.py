"""What the API lets staff do; registered in the app factory."""
from flask_babel import lazy_gettext as _l

PERMISSIONS = {
    "api.tokens": (_l("Use the REST API"), _l("Create personal API tokens; the API acts with one's own permissions.")),
    "webhooks.manage": (_l("Manage webhooks"), _l("Add, change and remove the addresses that hear of ticket events.")),
}
