"""What the customer room lets staff do; registered in the app factory."""
from flask_babel import lazy_gettext as _l

PERMISSIONS = {
    "customers.view": (_l("View customers"), _l("Search customers and open their profiles.")),
    "customers.view_pii": (_l("View personal data"), _l("See national codes and mobile numbers unmasked.")),
    "customers.edit": (_l("Edit customers"), _l("Add support contracts, log interactions, edit custom fields.")),
    "customers.export": (_l("Export customers"), _l("Download customer lists as CSV.")),
}
