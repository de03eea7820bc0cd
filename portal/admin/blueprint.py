from flask import Blueprint
from flask_babel import lazy_gettext as _l

from .. import navigation, security
from ..audit import action_label
from .forms import TARGET_KIND_LABELS

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")

navigation.add("admin.dashboard", _l("Dashboard"), security.is_staff, order=10)
navigation.add("admin.roles", _l("Access levels"), navigation.with_permission("access.manage"), order=80, menu=navigation.MANAGE)
navigation.add("admin.audit", _l("Audit log"), navigation.with_permission("audit.view"), order=90, menu=navigation.MANAGE)


@bp.app_context_processor
def _admin_helpers():
    return {"can": security.can, "permissions_of": security.permissions_of, "action_label": action_label, "target_kind_labels": TARGET_KIND_LABELS}
