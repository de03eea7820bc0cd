"""The outbox in the back office: what is waiting or dead, and a button to send one again.  /admin/outbox"""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import navigation
from ..extensions import db
from ..persian import mask_mobile, shown_masked
from ..security import can, require_permission
from . import services
from .models import OUTBOX_STATUSES

# template_folder also makes notify/_layout.html available to notify_customer()/notify_staff()
bp = Blueprint("notify", __name__, url_prefix="/admin/outbox", template_folder="templates")

navigation.add("notify.index", _l("Outbox"), navigation.with_permission("access.manage"), order=90, menu=navigation.MANAGE)

SENT_COUNTED = 10_000  # sent messages counted before the page says "10,000+"
_FILTERS = {"attention": ("dead", "pending"), **{status: (status,) for status in OUTBOX_STATUSES}}


@bp.get("/")
@require_permission("access.manage")
def index():
    shown = request.args.get("status", "attention")
    if shown not in _FILTERS:
        shown = "attention"
    # The counts beside the filters are the list's total too: no second count over the (large) sent rows.
    counts = services.outbox_counts(current_user, sent_up_to=SENT_COUNTED)
    page = db.paginate(services.messages_query(_FILTERS[shown], viewer=current_user), per_page=50, error_out=False,
                       count=False)
    page.total = sum(counts[status] for status in _FILTERS[shown])
    return render_template("notify/admin/outbox.html", page=page, shown=shown, counts=counts,
                           sent_counted=SENT_COUNTED, recipient=_recipient_shown)


def _recipient_shown(message) -> tuple[str, bool]:
    """(address, masked): mobiles masked as on the customer profile, unless the viewer may see personal data."""
    if message.channel == "sms" and not can(current_user, "customers.view_pii"):
        return shown_masked(mask_mobile(message.to_address)), True
    return message.to_address, False


@bp.post("/<int:message_id>/requeue")
@require_permission("access.manage")
def requeue(message_id):
    try:
        services.requeue(message_id, actor=current_user, viewer=current_user)
    except LookupError:
        abort(404)
    except services.NotRequeueable:
        flash(_("This message was already sent; it is not sent twice."), "warning")
    else:
        flash(_("The message will be sent again in the next delivery pass."), "success")
    return redirect(url_for(".index", status=request.args.get("status", "attention")))
