"""SMS adapters: the file and console backends, and the generic HTTP adapter against a loopback server."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from portal.notify.models import OutboxMessage
from portal.notify.worker import deliver_due


def test_file_backend_appends_one_json_line_per_sms(db, sms_file, enqueue, make_sms_customer):
    first, second = make_sms_customer(), make_sms_customer()
    [a] = enqueue(first, number="۱۲")
    [b] = enqueue(second, number="۳۴")

    assert deliver_due().sent == 2

    lines = [json.loads(line) for line in sms_file.read_text(encoding="utf-8").splitlines()]
    assert [(line["to"], line["text"], line["reference"]) for line in lines] == [
        (first.mobile, "پیشخوان: پاسخ تازه به تیکت ۱۲", f"outbox-{a.id}"),
        (second.mobile, "پیشخوان: پاسخ تازه به تیکت ۳۴", f"outbox-{b.id}"),
    ]
    assert "پیشخوان" in sms_file.read_text(encoding="utf-8")  # stored as UTF-8, not \\u escapes


def test_console_backend_writes_the_sms_to_stdout(db, app, capsys, enqueue, make_sms_customer):
    app.config["PORTAL_SMS_BACKEND"] = "console"
    customer = make_sms_customer()
    [row] = enqueue(customer, number="۵۶")

    assert deliver_due().sent == 1

    out = capsys.readouterr().out
    assert f"SMS to {customer.mobile} [outbox-{row.id}]: پیشخوان: پاسخ تازه به تیکت ۵۶" in out


def test_unknown_backend_keeps_the_message_for_later(db, app, enqueue, make_sms_customer):
    app.config["PORTAL_SMS_BACKEND"] = "nowhere.module:Provider"
    [row] = enqueue(make_sms_customer())
    assert deliver_due().retry == 1
    db.session.expire_all()
    assert "unknown SMS backend" in db.session.get(OutboxMessage, row.id).last_error


class FakeProvider(BaseHTTPRequestHandler):
    """Records each POST; answers with the status the test put in `server.status`."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append({"path": self.path, "headers": dict(self.headers), "json": json.loads(body)})
        self.send_response(self.server.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"id": "p-1"}' if self.server.status < 300 else b'{"error": "invalid number"}')

    def log_message(self, *args):
        pass


@pytest.fixture
def provider(app):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeProvider)
    server.received, server.status = [], 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config.update(PORTAL_SMS_BACKEND="http", PORTAL_SMS_URL=f"http://127.0.0.1:{server.server_port}/v1/sms",
                      PORTAL_SMS_API_KEY="key-123", PORTAL_SMS_SENDER="30001234", PORTAL_SMS_TIMEOUT=5)
    yield server
    server.shutdown()
    server.server_close()


def test_http_adapter_posts_json_with_the_api_key(db, provider, enqueue, make_sms_customer):
    customer = make_sms_customer()
    [row] = enqueue(customer, number="۷۸")

    assert deliver_due().sent == 1

    [request] = provider.received
    assert request["path"] == "/v1/sms"
    assert request["headers"]["Authorization"] == "Bearer key-123"
    assert request["json"] == {"to": customer.mobile, "text": "پیشخوان: پاسخ تازه به تیکت ۷۸",
                               "sender": "30001234", "reference": f"outbox-{row.id}"}


@pytest.mark.parametrize(("status", "outcome"), [(503, "pending"), (429, "pending"), (400, "dead")])
def test_http_adapter_retries_server_errors_and_drops_rejected_requests(db, provider, enqueue, make_sms_customer,
                                                                       status, outcome):
    provider.status = status
    [row] = enqueue(make_sms_customer())

    deliver_due()

    db.session.expire_all()
    failed = db.session.get(OutboxMessage, row.id)
    assert failed.status == outcome and failed.attempts == 1
    assert str(status) in failed.last_error


def test_http_adapter_with_the_provider_down(db, app, provider, enqueue, make_sms_customer):
    provider.shutdown()
    provider.server_close()
    [row] = enqueue(make_sms_customer())
    assert deliver_due().retry == 1
    db.session.expire_all()
    assert "unreachable" in db.session.get(OutboxMessage, row.id).last_error
