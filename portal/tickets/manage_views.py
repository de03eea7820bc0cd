"""Back-office settings of tickets: canned replies (canned.manage) and help topics (access.manage).
/admin/tickets/canned, /admin/tickets/categories"""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.departments import list_departments
from ..extensions import db
from ..security import require_permission
from .access import get_canned_reply_or_404, sees_every_department, visible_canned_replies
from .forms import CannedReplyForm, TicketCategoryForm, sla_initial, sla_targets
from .models import PRIORITIES, Category
from .services import canned, categories

bp = Blueprint("ticket_settings", __name__, url_prefix="/admin/tickets", template_folder="templates")


@bp.get("/canned")
@require_permission("canned.manage")
def canned_list():
    return render_template("tickets/staff/canned_list.html",
                           replies=canned.all_replies(visible_canned_replies(current_user)),
                           placeholders=canned.PLACEHOLDERS)


@bp.route("/canned/new", methods=["GET", "POST"], defaults={"reply_id": None})
@bp.route("/canned/<int:reply_id>", methods=["GET", "POST"])
@require_permission("canned.manage")
def canned_edit(reply_id):
    reply = get_canned_reply_or_404(reply_id, current_user) if reply_id is not None else None
    form = CannedReplyForm(obj=reply, department=reply.department_id if reply else 0)
    form.department.choices = _canned_departments()
    form.every_department_allowed = sees_every_department(current_user)
    if form.validate_on_submit():
        canned.save(reply, title=form.title.data, body=form.body.data, department_id=form.department.data,
                    is_active=form.is_active.data, actor=current_user)
        flash(_("The canned reply was saved."), "success")
        return redirect(url_for("ticket_settings.canned_list"))
    return render_template("tickets/staff/canned_form.html", form=form, reply=reply, placeholders=canned.PLACEHOLDERS)


def _canned_departments():
    """A manager of every department may write replies for all; others only for their own departments."""
    if sees_every_department(current_user):
        return [(0, _("Every department"))] + [(d.id, d.name) for d in list_departments()]
    return [(d.id, d.name) for d in list_departments(ids=current_user.department_ids)]


@bp.post("/canned/<int:reply_id>/delete")
@require_permission("canned.manage")
def canned_delete(reply_id):
    reply = get_canned_reply_or_404(reply_id, current_user)
    canned.delete(reply, actor=current_user)
    flash(_("The canned reply was deleted."), "success")
    return redirect(url_for("ticket_settings.canned_list"))


@bp.get("/categories")
@require_permission("access.manage")
def category_list():
    return render_template("tickets/staff/categories.html", items=categories.all_categories(), priorities=PRIORITIES)


@bp.route("/categories/new", methods=["GET", "POST"], defaults={"category_id": None})
@bp.route("/categories/<int:category_id>", methods=["GET", "POST"])
@require_permission("access.manage")
def category_edit(category_id):
    category = None
    if category_id is not None:
        category = db.session.get(Category, category_id) or abort(404)
    form = TicketCategoryForm(obj=category, department=category.department_id if category else 0,
                              **sla_initial(category.sla_targets if category else None))
    departments = {d.id: d for d in list_departments()}
    form.department.choices = [(0, _("Choose a department"))] + [(i, d.name) for i, d in departments.items()]
    if form.validate_on_submit():
        categories.save(category, name=form.name.data, department=departments[form.department.data],
                        position=form.position.data, is_active=form.is_active.data, sla_targets=sla_targets(form),
                        actor=current_user)
        flash(_("The help topic was saved."), "success")
        return redirect(url_for("ticket_settings.category_list"))
    return render_template("tickets/staff/category_form.html", form=form, category=category, priorities=PRIORITIES)
