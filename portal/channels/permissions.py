"""What the channels room lets staff do; registered in the app factory."""
from flask_babel import lazy_gettext as _l

PERMISSIONS = {
    "channels.manage": (_l("Manage inbound messages"),
                        _l("See quarantined and failed e-mail, SMS and web-form messages; process them again, "
                           "open them as tickets or discard them.")),
}
