"""What the FAQ room lets staff do; registered in the app factory."""
from flask_babel import lazy_gettext as _l

PERMISSIONS = {
    "faq.edit": (_l("Edit the FAQ"), _l("Create, edit and publish FAQ categories and articles.")),
}
