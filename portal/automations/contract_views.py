"""Support contracts: edit, renew, end, and the list of ended ones.  /admin/contracts/..."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from .. import navigation
from ..accounts.models import Customer, StaffUser
from ..customers.access import visible_customers
from ..customers.models import SupportContract
from ..extensions import db
from ..paging import page_number
from ..security import require_permission
from . import contracts
from .forms import ContractEditForm, ContractRenewForm

bp = Blueprint("contracts", __name__, url_prefix="/admin/contracts", template_folder="templates")

navigation.add("contracts.ended", _l("Ended contracts"), navigation.with_permission("customers.view"), order=45,
               menu=navigation.MANAGE)


def _contract_or_404(contract_id) -> SupportContract:
    """Through the customer policy: a contract of a customer this person may not see is not found."""
    visible_ids = visible_customers(current_user).with_only_columns(Customer.id)
    contract = db.session.scalar(select(SupportContract).where(SupportContract.id == contract_id,
                                                               SupportContract.customer_id.in_(visible_ids)))
    if contract is None:
        abort(404)
    return contract


def _back(contract):
    return redirect(url_for("customers.profile", customer_id=contract.customer_id, _anchor="contracts"))


@bp.get("/ended")
@require_permission("customers.view")
def ended():
    visible_ids = visible_customers(current_user).with_only_columns(Customer.id)
    page = db.paginate(contracts.ended_query(visible_ids), page=page_number(request.args.get("page")),
                       per_page=contracts.PER_PAGE, error_out=False)
    return render_template("automations/contracts_ended.html", page=page)


@bp.route("/<int:contract_id>", methods=["GET", "POST"])
@require_permission("customers.edit")
def edit(contract_id):
    contract = _contract_or_404(contract_id)
    form = ContractEditForm(obj=contract if request.method == "GET" else None,
                            data={"agent": contract.agent_id or 0} if request.method == "GET" else None)
    staff = db.session.scalars(select(StaffUser).where(StaffUser.active.is_(True)).order_by(StaffUser.full_name))
    form.agent.choices = [SelectChoice(0, "—")] + [SelectChoice(s.id, s.full_name) for s in staff]
    if form.validate_on_submit():
        agent = db.session.get(StaffUser, form.agent.data) if form.agent.data else None
        try:
            contracts.edit(contract, title=form.title.data, starts_on=form.starts_on.data, ends_on=form.ends_on.data,
                           agent=agent, actor=current_user)
        except contracts.ContractError as error:
            form.ends_on.errors = [*form.ends_on.errors, str(error)]
        else:
            flash(_("The support contract was saved."), "success")
            return _back(contract)
    return render_template("automations/contract_form.html", form=form, contract=contract,
                           renew_form=ContractRenewForm(formdata=None))


@bp.post("/<int:contract_id>/renew")
@require_permission("customers.edit")
def renew(contract_id):
    contract = _contract_or_404(contract_id)
    form = ContractRenewForm()
    if form.validate_on_submit():
        try:
            contracts.renew(contract, ends_on=form.ends_on.data, actor=current_user)
        except contracts.ContractError as error:
            flash(str(error), "danger")
            return redirect(url_for(".edit", contract_id=contract.id))
        flash(_("The support contract was renewed."), "success")
        return _back(contract)
    for error in form.ends_on.errors:
        flash(error, "danger")
    return redirect(url_for(".edit", contract_id=contract.id))


@bp.post("/<int:contract_id>/end")
@require_permission("customers.edit")
def end(contract_id):
    contract = _contract_or_404(contract_id)
    try:
        contracts.end(contract, actor=current_user)
    except contracts.ContractError as error:
        flash(str(error), "danger")
        return redirect(url_for(".edit", contract_id=contract.id))
    flash(_("The support contract ends today."), "success")
    return _back(contract)
