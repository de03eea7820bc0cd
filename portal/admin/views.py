"""The back-office home page and the audit-log viewer.  /admin/ and /admin/audit"""
from flask import Blueprint, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import navigation, security
from ..audit import action_label
from ..paging import page_number
from ..security import require_permission, staff_required
from .audit_log import AuditFilter, audit_page
from .dashboard import dashboard_for
from .forms import TARGET_KIND_LABELS, AuditFilterForm

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")

navigation.add("admin.dashboard", _l("Dashboard"), security.is_staff, order=10)
navigation.add("admin.audit", _l("Audit log"), navigation.with_permission("audit.view"), order=90, menu=navigation.MANAGE)


@bp.app_context_processor
def _admin_helpers():
    return {"can": security.can, "permissions_of": security.permissions_of, "action_label": action_label,
            "target_kind_labels": TARGET_KIND_LABELS}


@bp.get("/")
@staff_required
def dashboard():
    return render_template("admin/dashboard.html", board=dashboard_for(current_user))


@bp.get("/audit")
@require_permission("audit.view")
def audit():
    form = AuditFilterForm(request.args)
    filters = AuditFilter()
    if form.validate():
        filters = AuditFilter(person=form.person.data or "", action=form.action.data or "",
                              target_kind=form.target_kind.data or "", target_id=form.target_id.data or "",
                              date_from=form.date_from.data, date_to=form.date_to.data)
    page = audit_page(filters, page=page_number(request.args.get("page")),
                      zone=current_app.config["PORTAL_TIMEZONE"])
    return render_template("admin/audit.html", form=form, page=page)
