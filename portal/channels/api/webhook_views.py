"""Admins: the addresses that hear of ticket events.  /admin/webhooks/"""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ... import navigation
from ...extensions import db
from ...notify.webhooks import SIGNATURE_HEADER, TIMESTAMP_HEADER, WebhookSubscription
from ...security import require_permission
from . import webhook_services as services
from .forms import EVENT_LABELS, WebhookForm

bp = Blueprint("api_webhooks", __name__, url_prefix="/admin/webhooks", template_folder="templates")

navigation.add("api_webhooks.index", _l("Webhooks"), navigation.with_permission("webhooks.manage"), order=96,
               menu=navigation.MANAGE)


def _subscription_or_404(subscription_id) -> WebhookSubscription:
    subscription = db.session.get(WebhookSubscription, subscription_id)
    if subscription is None:
        abort(404)
    return subscription


def _page(form, shown_secret=None):
    return render_template("api/webhooks.html", form=form, subscriptions=services.subscriptions(),
                           event_labels=EVENT_LABELS, shown_secret=shown_secret,
                           signature_header=SIGNATURE_HEADER, timestamp_header=TIMESTAMP_HEADER)


@bp.route("/", methods=["GET", "POST"])
@require_permission("webhooks.manage")
def index():
    form = WebhookForm()
    if form.validate_on_submit():
        subscription = services.add_subscription(url=form.url.data, events=form.events.data,
                                                 active=form.active.data, actor=current_user)
        flash(_("The webhook was added. Give its secret to the receiving system: it checks the signature with it."),
              "success")
        return _page(WebhookForm(formdata=None), shown_secret=(subscription.id, subscription.secret))
    return _page(form)


@bp.route("/<int:subscription_id>", methods=["GET", "POST"])
@require_permission("webhooks.manage")
def edit(subscription_id):
    subscription = _subscription_or_404(subscription_id)
    form = WebhookForm(obj=subscription)
    if form.validate_on_submit():
        services.update_subscription(subscription, url=form.url.data, events=form.events.data,
                                     active=form.active.data, actor=current_user)
        flash(_("The webhook was saved."), "success")
        return redirect(url_for(".index"))
    return render_template("api/webhook_edit.html", form=form, subscription=subscription)


@bp.post("/<int:subscription_id>/secret")
@require_permission("webhooks.manage")
def new_secret(subscription_id):
    subscription = _subscription_or_404(subscription_id)
    secret = services.new_subscription_secret(subscription, actor=current_user)
    flash(_("A new secret was made; the old one no longer signs deliveries."), "success")
    return _page(WebhookForm(formdata=None), shown_secret=(subscription.id, secret))


@bp.post("/<int:subscription_id>/delete")
@require_permission("webhooks.manage")
def delete(subscription_id):
    services.delete_subscription(_subscription_or_404(subscription_id), actor=current_user)
    flash(_("The webhook was removed."), "success")
    return redirect(url_for(".index"))
