"""/admin/inbound/: quarantined, failed and held messages, and what an admin decides about each."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from .. import navigation
from ..accounts.services import identifier_condition
from ..customers.access import visible_customers
from ..extensions import db
from ..security import require_permission
from . import inbound, labels
from .forms import OpenForCustomerForm
from .models import ATTENTION_STATUSES, STATUSES, InboundMessage

bp = Blueprint("channels_admin", __name__, url_prefix="/admin/inbound", template_folder="templates")
navigation.add("channels_admin.index", _l("Inbound messages"), navigation.with_permission("channels.manage"),
               order=88, menu=navigation.MANAGE)

_FILTERS = {"attention": ATTENTION_STATUSES, **{status: (status,) for status in STATUSES}}


@bp.context_processor
def _labels():
    return {"INBOUND_LABELS": labels}


def _message_or_404(message_id) -> InboundMessage:
    message = db.session.get(InboundMessage, message_id)
    if message is None:
        abort(404)
    return message


@bp.get("/")
@require_permission("channels.manage")
def index():
    shown = request.args.get("status", "attention")
    if shown not in _FILTERS:
        shown = "attention"
    query = (select(InboundMessage).where(InboundMessage.status.in_(_FILTERS[shown]))
             .order_by(InboundMessage.received_at.desc(), InboundMessage.id.desc()))
    page = db.paginate(query, per_page=50, error_out=False)
    counts = dict(db.session.execute(select(InboundMessage.status, func.count()).group_by(InboundMessage.status)).all())
    return render_template("channels/admin/index.html", page=page, shown=shown, counts=counts,
                           attention_count=sum(counts.get(status, 0) for status in ATTENTION_STATUSES))


@bp.get("/<int:message_id>")
@require_permission("channels.manage")
def detail(message_id):
    message = _message_or_404(message_id)
    raw = message.raw[:20000].decode("utf-8", "replace")
    return render_template("channels/admin/detail.html", message=message, raw=raw, form=OpenForCustomerForm())


@bp.post("/<int:message_id>/process")
@require_permission("channels.manage")
def process_again(message_id):
    message = _message_or_404(message_id)
    result = inbound.reprocess(message_id=message.id, actor=current_user)[0]
    if result.status == "processed":
        flash(_("The message was processed."), "success")
    else:
        flash(_("The message is still %(status)s: %(error)s", status=labels.STATUS_LABELS[result.status],
                error=result.error or ""), "warning")
    return redirect(url_for(".detail", message_id=message.id))


@bp.post("/<int:message_id>/open")
@require_permission("channels.manage")
def open_for_customer(message_id):
    message = _message_or_404(message_id)
    form = OpenForCustomerForm()
    condition = identifier_condition(form.customer.data or "") if form.validate_on_submit() else None
    customer = db.session.scalar(visible_customers(current_user).where(condition)) if condition is not None else None
    if customer is None:
        flash(_("No customer you may see has this identifier."), "danger")
        return redirect(url_for(".detail", message_id=message.id))
    try:
        result = inbound.open_for_customer(message, customer, actor=current_user)
    except ValueError:
        flash(_("This message was already dealt with."), "warning")
        return redirect(url_for(".detail", message_id=message.id))
    if result.status == "processed" and result.ticket is not None:
        flash(_("Ticket %(number)s was opened for %(name)s.", number=result.ticket.number, name=customer.full_name),
              "success")
    else:
        flash(_("The message could not be opened as a ticket: %(error)s", error=result.error or ""), "danger")
    return redirect(url_for(".detail", message_id=message.id))


@bp.post("/<int:message_id>/discard")
@require_permission("channels.manage")
def discard(message_id):
    message = _message_or_404(message_id)
    try:
        inbound.discard(message, actor=current_user)
    except ValueError:
        flash(_("A processed message cannot be discarded."), "warning")
    else:
        flash(_("The message was discarded."), "success")
    return redirect(url_for(".index"))
