"""Webhooks out: ticket events become signed POSTs, delivered by the outbox worker to a real local HTTP server."""
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from portal.channels.api import webhook_services
from portal.extensions import db
from portal.notify.models import OutboxMessage
from portal.notify.webhooks import sign
from portal.notify.worker import deliver_due


class Receiver:
    """A loopback HTTP server that keeps every request and answers with `status`."""

    def __init__(self):
        self.requests = []
        self.status = 204
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/pishkhan"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def subscribe(make_staff):
    admin = make_staff(role="admin")

    def make(url, events=("ticket.created", "ticket.replied", "ticket.status_changed")):
        return webhook_services.add_subscription(url=url, events=events, actor=admin)

    return make


def _webhook_rows():
    return list(db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.channel == "webhook")
                                   .order_by(OutboxMessage.id)))


def test_ticket_events_are_signed_and_delivered(api, token_for, make_customer, category, agent, receiver,
                                                subscribe):
    subscription = subscribe(receiver.url)
    customer = make_customer()
    created = api(token_for(customer)).post("/api/v1/tickets", json={
        "subject": "قطعی", "body": "وصل نیست", "category_id": category.id})
    number = created.json["number"]
    api(token_for(agent)).post(f"/api/v1/tickets/{number}/replies", json={"body": "بررسی می‌کنیم"})
    api(token_for(agent)).post(f"/api/v1/tickets/{number}/notes", json={"body": "یادداشت داخلی"})
    assert [r.template for r in _webhook_rows()] == ["ticket.created", "ticket.replied", "ticket.status_changed"]

    counts = deliver_due()
    assert counts.sent >= 3
    assert len(receiver.requests) == 3
    events = []
    for headers, body in receiver.requests:
        timestamp = headers["X-Pishkhan-Timestamp"]
        assert abs(int(timestamp) - time.time()) < 60
        expected = "sha256=" + hmac.new(subscription.secret.encode(), timestamp.encode() + b"." + body,
                                        hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["X-Pishkhan-Signature"], expected)
        assert headers["Content-Type"].startswith("application/json")
        payload = json.loads(body)
        assert payload["data"]["number"] == number and headers["X-Pishkhan-Event"] == payload["event"]
        events.append(payload)
    assert [e["event"] for e in events] == ["ticket.created", "ticket.replied", "ticket.status_changed"]
    assert events[1]["data"]["message"] == {**events[1]["data"]["message"], "author_kind": "staff",
                                            "body": "بررسی می‌کنیم"}
    assert (events[2]["data"]["old_status"], events[2]["data"]["new_status"]) == ("new", "waiting")
    assert all("یادداشت داخلی" not in body.decode() for _h, body in receiver.requests)  # internal notes stay in
    assert {r.status for r in _webhook_rows()} == {"sent"}


def test_only_subscribed_events_are_sent(open_ticket, receiver, subscribe):
    subscribe(receiver.url, events=["ticket.status_changed"])
    open_ticket()
    assert _webhook_rows() == []


def test_a_failing_receiver_is_retried_then_given_up_on(open_ticket, receiver, subscribe, app):
    subscribe(receiver.url, events=["ticket.created"])
    open_ticket()
    receiver.status = 503
    assert deliver_due().retry >= 1
    [row] = _webhook_rows()
    db.session.refresh(row)
    assert (row.status, row.attempts) == ("pending", 1) and "503" in row.last_error
    assert row.next_attempt_at > row.created_at  # backed off

    receiver.status = 410  # gone: the receiver will never take it
    deliver_due(now=row.next_attempt_at)
    db.session.refresh(row)
    assert row.status == "dead"
    assert len(receiver.requests) == 2


def test_signature_helper_matches_the_documented_scheme():
    body = '{"event":"ticket.created"}'.encode()
    assert sign("s3cret", "1700000000", body) == "sha256=" + hmac.new(
        b"s3cret", b"1700000000." + body, hashlib.sha256).hexdigest()


def test_admin_manages_webhooks_on_its_page(staff_client_for, receiver, db):
    client = staff_client_for(role="admin")
    page = client.post("/admin/webhooks/", data={"url": receiver.url, "events": ["ticket.created"], "active": "y"})
    assert page.status_code == 200
    from portal.notify.webhooks import WebhookSubscription

    subscription = db.session.scalar(db.select(WebhookSubscription))
    assert subscription.events == ["ticket.created"] and subscription.secret in page.get_data(as_text=True)
    client.post(f"/admin/webhooks/{subscription.id}/delete")
    assert db.session.scalar(db.select(WebhookSubscription)) is None
    refused = client.post("/admin/webhooks/", data={"url": "file:///etc/passwd", "events": ["ticket.created"]})
    assert "نشانی باید با http:// یا https:// آغاز شود." in refused.get_data(as_text=True)
    assert db.session.scalar(db.select(WebhookSubscription)) is None
    agent = staff_client_for(role="agent")
    assert agent.get("/admin/webhooks/").status_code == 403


def test_changes_made_on_the_pages_are_reported_too(open_ticket, agent, subscribe, receiver, staff_client_for):
    """The events come from the rows every change writes, not from the API: a page's change is reported alike."""
    from portal.tickets import services

    subscribe(receiver.url, events=["ticket.status_changed"])
    ticket = open_ticket()
    services.change_status(ticket, "resolved", actor=agent)
    [row] = _webhook_rows()
    payload = json.loads(row.body_text)
    assert (payload["data"]["number"], payload["data"]["old_status"], payload["data"]["new_status"]) == \
        (ticket.number, "new", "resolved")


def test_a_failed_change_sends_nothing(open_ticket, agent, subscribe, receiver):
    from portal.tickets import services

    ticket = open_ticket()
    services.change_status(ticket, "closed", actor=agent)
    subscribe(receiver.url)
    before = len(_webhook_rows())
    with pytest.raises(services.TicketError):
        services.change_status(ticket, "waiting", actor=agent)  # not a transition the workflow allows
    db.session.rollback()
    assert len(_webhook_rows()) == before
    services.change_status(ticket, "open", actor=agent)  # reopening is allowed, and reported
    assert [r.template for r in _webhook_rows()] == ["ticket.status_changed"]
