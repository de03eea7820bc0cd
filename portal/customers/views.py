"""Staff pages for customers: search, export, the profile and what editors add to it.  /admin/customers/..."""
from flask import (Blueprint, Response, abort, flash, redirect, render_template, request, session, url_for)
from flask_babel import get_locale, gettext as _, lazy_gettext as _l
from flask_login import current_user

from .. import navigation
from ..accounts.two_factor import recent_auth_required
from ..security import can, require_permission
from . import access, search, services
from .forms import ContractForm, FieldDefinitionForm, InteractionForm, custom_values_form, typed_custom_values
from ..tickets.labels import CHANNEL_LABELS, STATUS_LABELS
from .labels import CONTRACT_STATUS_LABELS, DIRECTION_LABELS, FIELD_KIND_LABELS, INTERACTION_KIND_LABELS, duration_text
from .pii import PII_FIELDS, present
from .profile import customer_360
from ..paging import page_number

bp = Blueprint("customers", __name__, url_prefix="/admin/customers", template_folder="templates")

navigation.add("customers.index", _l("Customers"), navigation.with_permission("customers.view"), order=20)


@bp.app_context_processor
def _customer_helpers():
    return {"customer_support_status": services.support_status, "contract_status_labels": CONTRACT_STATUS_LABELS,
            "can": can}


def _page_arg(name="page") -> int:
    return page_number(request.args.get(name))


@bp.get("/")
@require_permission("customers.view")
@access.lookup_rate_limit
def index():
    q = request.args.get("q", "")
    page = search.search_customers(current_user, q, page=_page_arg())
    rows = [(c, present(c, current_user)) for c in page.items]
    return render_template("customers/index.html", q=q, page=page, rows=rows)


@bp.get("/search.json")
@require_permission("customers.view")
@access.lookup_rate_limit
def search_json():
    page = search.search_customers(current_user, request.args.get("q", ""), page=_page_arg(), where="json")
    results = []
    for customer in page.items:
        shown = present(customer, current_user)
        results.append({"id": customer.id, "number": shown.number, "full_name": customer.full_name,
                        "mobile": shown.mobile, "national_code": shown.national_code, "email": shown.email,
                        "url": url_for("customers.profile", customer_id=customer.id)})
    return {"results": results, "page": page.page, "pages": page.pages, "total": page.total}


@bp.get("/export.csv")
@require_permission("customers.export")
@recent_auth_required
@access.lookup_rate_limit
def export():
    text, _count = search.export_csv(current_user, request.args.get("q", ""), locale=str(get_locale() or "fa"))
    return Response(text.encode("utf-8"), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="customers.csv"'})


@bp.get("/<int:customer_id>")
@require_permission("customers.view")
def profile(customer_id):
    customer = access.get_customer_or_404(customer_id, current_user)
    revealed = session.pop("revealed", {}).get(str(customer.id), [])
    # Rendered first: recording the view commits, and a commit would make the page read the signed-in person,
    # their role and the customer all over again.
    page = _render_profile(customer, revealed=revealed)
    access.record_profile_view(current_user, customer)
    return page


@bp.post("/<int:customer_id>/reveal")
@require_permission("customers.view_pii")
@recent_auth_required
def reveal(customer_id):
    customer = access.get_customer_or_404(customer_id, current_user)
    field = request.form.get("field")
    if field not in PII_FIELDS:  # the CSRF token is checked for every POST by CSRFProtect
        abort(400)
    access.reveal_pii(current_user, customer, field)
    # Shown once, on the next load of the profile; the value itself never goes into the session.
    session["revealed"] = {str(customer.id): sorted(set(_revealed_for(customer.id)) | {field})}
    return redirect(url_for("customers.profile", customer_id=customer.id, _anchor="identifiers"))


def _revealed_for(customer_id):
    return session.get("revealed", {}).get(str(customer_id), [])


@bp.post("/<int:customer_id>/contracts")
@require_permission("customers.edit")
def add_contract(customer_id):
    customer = access.get_customer_or_404(customer_id, current_user)
    form = ContractForm()
    if not form.validate_on_submit():
        return _render_profile(customer, contract_form=form), 400
    services.add_contract(customer, title=form.title.data, starts_on=form.starts_on.data,
                          ends_on=form.ends_on.data, actor=current_user)
    flash(_("The support contract was added."), "success")
    return redirect(url_for("customers.profile", customer_id=customer.id, _anchor="contracts"))


@bp.post("/<int:customer_id>/interactions")
@require_permission("customers.edit")
def log_interaction(customer_id):
    customer = access.get_customer_or_404(customer_id, current_user)
    form = InteractionForm()
    if not form.validate_on_submit():
        return _render_profile(customer, interaction_form=form), 400
    services.log_interaction(customer, kind=form.kind.data, direction=form.direction.data or None,
                             summary=form.summary.data, actor=current_user)
    flash(_("The interaction was logged."), "success")
    return redirect(url_for("customers.profile", customer_id=customer.id, _anchor="interactions"))


@bp.post("/<int:customer_id>/fields")
@require_permission("customers.edit")
def edit_fields(customer_id):
    customer = access.get_customer_or_404(customer_id, current_user)
    definitions = services.active_field_definitions()
    form = custom_values_form(definitions, services.custom_field_values(customer))
    if not form.validate_on_submit():
        return _render_profile(customer, fields_form=form), 400
    changed = services.set_custom_field_values(customer, typed_custom_values(form), actor=current_user)
    flash(_("The custom fields were saved.") if changed else _("Nothing was changed."), "success")
    return redirect(url_for("customers.profile", customer_id=customer.id, _anchor="custom-fields"))


@bp.route("/fields", methods=["GET", "POST"])
@require_permission("access.manage")
def field_definitions():
    form = FieldDefinitionForm()
    if form.validate_on_submit():
        try:
            services.define_custom_field(label=form.label.data, kind=form.kind.data, options=form.option_list(),
                                         actor=current_user)
        except ValueError:
            form.label.errors.append(_("Check the field's kind and options."))
        else:
            flash(_("The custom field was added to every customer profile."), "success")
            return redirect(url_for("customers.field_definitions"))
    return render_template("customers/field_definitions.html", form=form,
                           definitions=services.active_field_definitions(), kind_labels=FIELD_KIND_LABELS), \
        400 if form.errors else 200


def _render_profile(customer, *, revealed=(), contract_form=None, interaction_form=None, fields_form=None):
    view = customer_360(customer, current_user, revealed=revealed,
                        ticket_page=_page_arg("tickets_page"), interaction_page=_page_arg("interactions_page"))
    editable = can(current_user, "customers.edit")
    if editable and fields_form is None:
        fields_form = custom_values_form([f.definition for f in view.custom_fields],
                                         {f.definition.id: _stored(f) for f in view.custom_fields})
    return render_template(
        "customers/profile.html", view=view, customer=customer, editable=editable,
        contract_form=contract_form or ContractForm(formdata=None) if editable else None,
        interaction_form=interaction_form or InteractionForm(formdata=None) if editable else None,
        fields_form=fields_form if editable else None,
        kind_labels=INTERACTION_KIND_LABELS, direction_labels=DIRECTION_LABELS, channel_labels=CHANNEL_LABELS,
        status_labels=STATUS_LABELS, duration_text=duration_text)


def _stored(shown):
    value = shown.value
    return value.isoformat() if hasattr(value, "isoformat") else value
