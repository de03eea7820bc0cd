"""Access levels: the role matrix, staff accounts and departments.  /admin/access/..."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from .. import navigation
from ..accounts.departments import list_departments
from ..accounts.models import Department, Role, StaffUser
from ..accounts.two_factor import recent_auth_required
from ..extensions import db
from ..security import PERMISSIONS, require_permission
from . import access_services as services
from .forms import DepartmentEditForm, DepartmentForm, RoleForm, StaffCreateForm, StaffEditForm

bp = Blueprint("access", __name__, url_prefix="/admin/access", template_folder="templates")
navigation.add("access.roles", _l("Access levels"), navigation.with_permission("access.manage"), order=80,
               menu=navigation.MANAGE)


def manage(view):
    """access.manage, and a password or code typed within the last minutes."""
    return require_permission("access.manage")(recent_auth_required(view))


def _get_or_404(model, object_id):
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    return obj


@bp.route("/roles", methods=["GET", "POST"])
@manage
def roles():
    role_form = RoleForm(prefix="new")
    if request.method == "POST" and "matrix" in request.form:
        grants, scoped = _parse_matrix(request.form)
        two_factor = ({int(v) for v in request.form.getlist("two_factor") if v.isdigit()}
                      if "two_factor_matrix" in request.form else None)
        try:
            changed = services.update_role_matrix(current_user, grants, scoped, two_factor)
        except services.AccessRuleBroken as refused:
            flash(str(refused), "danger")
        else:
            flash(_("The access levels were saved; they apply from each person's next page.") if changed
                  else _("Nothing was changed."), "success")
            return redirect(url_for("access.roles"))
    return render_template("admin/roles.html", roles=services.all_roles(), permissions=PERMISSIONS,
                           role_form=role_form), 200 if request.method == "GET" else 400


def _parse_matrix(form):
    """grant=<role id>:<permission> and scoped=<role id> checkboxes -> ({role id: {permissions}}, {role ids})."""
    grants = {}
    for value in form.getlist("grant"):
        role_id, _sep, permission = value.partition(":")
        if role_id.isdigit() and permission in PERMISSIONS:
            grants.setdefault(int(role_id), set()).add(permission)
    scoped = {int(v) for v in form.getlist("scoped") if v.isdigit()}
    return grants, scoped


@bp.post("/roles/new")
@manage
def new_role():
    form = RoleForm(prefix="new")
    if form.validate_on_submit():
        try:
            services.create_role(current_user, name=form.name.data, label=form.label.data,
                                 department_scoped=form.department_scoped.data)
        except services.AccessRuleBroken as refused:
            form.name.errors.append(str(refused))
        else:
            flash(_("The role was added; tick its permissions in the table."), "success")
            return redirect(url_for("access.roles"))
    return render_template("admin/roles.html", roles=services.all_roles(), permissions=PERMISSIONS,
                           role_form=form), 400


@bp.get("/staff")
@manage
def staff_list():
    people = db.session.scalars(db.select(StaffUser).order_by(StaffUser.active.desc(), StaffUser.full_name))
    return render_template("admin/staff_list.html", people=list(people))


@bp.route("/staff/new", methods=["GET", "POST"])
@manage
def staff_new():
    form = StaffCreateForm().fill_choices(services.all_roles(), services.all_departments())
    if form.validate_on_submit():
        try:
            staff = services.create_staff_account(
                current_user, email=form.email.data, full_name=form.full_name.data, password=form.password.data,
                role=_get_or_404(Role, form.role.data), departments=_departments(form.departments.data))
        except services.AccessRuleBroken as refused:
            field = (form.email if refused.message is services.EMAIL_TAKEN else
                     form.departments if refused.message is services.OUTSIDE_DEPARTMENTS else form.role)
            field.errors.append(str(refused))
        else:
            flash(_("The staff account %(email)s was created.", email=staff.email), "success")
            return redirect(url_for("access.staff_list"))
    return render_template("admin/staff_form.html", form=form, staff=None), 400 if form.errors else 200


@bp.route("/staff/<int:staff_id>", methods=["GET", "POST"])
@manage
def staff_edit(staff_id):
    staff = _get_or_404(StaffUser, staff_id)
    # On a POST the submitted values win over these.
    form = StaffEditForm(data={"full_name": staff.full_name, "role": staff.role_id,
                               "departments": sorted(staff.department_ids), "active": staff.active})
    form.fill_choices(services.all_roles(), services.all_departments())
    if form.validate_on_submit():
        try:
            services.update_staff_account(current_user, staff, full_name=form.full_name.data,
                                          role=_get_or_404(Role, form.role.data),
                                          departments=_departments(form.departments.data), active=form.active.data)
        except services.AccessRuleBroken as refused:
            flash(str(refused), "danger")
        else:
            flash(_("The staff account was saved."), "success")
            return redirect(url_for("access.staff_list"))
    status = 200 if request.method == "GET" else 400
    return render_template("admin/staff_form.html", form=form, staff=staff), status


@bp.post("/staff/<int:staff_id>/two-factor-reset")
@manage
def staff_two_factor_reset(staff_id):
    staff = _get_or_404(StaffUser, staff_id)
    try:
        services.reset_two_factor(current_user, staff)
    except services.AccessRuleBroken as refused:
        flash(str(refused), "danger")
    else:
        flash(_("Two-step sign-in was reset; the person sets it up again at the next sign-in."), "success")
    return redirect(url_for("access.staff_edit", staff_id=staff.id))


def _departments(ids):
    return list_departments(ids=ids or [])


@bp.route("/departments", methods=["GET", "POST"])
@manage
def departments():
    form = DepartmentForm()
    if form.validate_on_submit():
        try:
            services.create_department(current_user, code=form.code.data, name=form.name.data)
        except services.AccessRuleBroken as refused:
            form.code.errors.append(str(refused))
        else:
            flash(_("The department was added."), "success")
            return redirect(url_for("access.departments"))
    status = 400 if form.errors else 200
    return render_template("admin/departments.html", form=form, departments=services.all_departments()), status


@bp.route("/departments/<int:department_id>", methods=["GET", "POST"])
@manage
def department_edit(department_id):
    department = _get_or_404(Department, department_id)
    form = DepartmentEditForm(obj=department)
    refused = None
    if form.validate_on_submit():
        try:
            services.update_department(current_user, department, name=form.name.data,
                                       is_active=form.is_active.data)
        except services.AccessRuleBroken as error:
            refused = error
            flash(str(error), "danger")
        else:
            flash(_("The department was saved."), "success")
            return redirect(url_for("access.departments"))
    return render_template("admin/department_form.html", form=form, department=department), \
        400 if form.errors or refused else 200
