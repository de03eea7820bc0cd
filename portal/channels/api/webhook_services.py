"""Managing webhook subscriptions: plain arguments in, rows out; audited."""
from sqlalchemy import select

from ... import audit
from ...extensions import db
from ...notify.webhooks import EVENTS, WebhookSubscription, new_secret


def subscriptions() -> list[WebhookSubscription]:
    return list(db.session.scalars(select(WebhookSubscription).order_by(WebhookSubscription.id)))


def _clean_events(events) -> list[str]:
    chosen = [e for e in EVENTS if e in set(events)]
    if not chosen:
        raise ValueError("a webhook needs at least one event")
    return chosen


def add_subscription(*, url: str, events, active: bool = True, actor) -> WebhookSubscription:
    subscription = WebhookSubscription(url=url.strip(), events=_clean_events(events), active=active,
                                       secret=new_secret(), created_by_id=getattr(actor, "id", None))
    db.session.add(subscription)
    db.session.flush()
    audit.record(actor, "webhook.created", subscription, url=subscription.url, events=subscription.events)
    db.session.commit()
    return subscription


def update_subscription(subscription, *, url: str, events, active: bool, actor) -> None:
    subscription.url, subscription.events, subscription.active = url.strip(), _clean_events(events), active
    audit.record(actor, "webhook.changed", subscription, url=subscription.url, events=subscription.events,
                 active=active)
    db.session.commit()


def new_subscription_secret(subscription, *, actor) -> str:
    subscription.secret = new_secret()
    audit.record(actor, "webhook.secret_changed", subscription)
    db.session.commit()
    return subscription.secret


def delete_subscription(subscription, *, actor) -> None:
    audit.record(actor, "webhook.deleted", subscription, url=subscription.url)
    db.session.delete(subscription)
    db.session.commit()
