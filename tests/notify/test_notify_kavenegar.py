"""The Kavenegar adapter against a loopback server that checks requests the way Kavenegar documents them."""
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from portal.notify.models import OutboxMessage
from portal.notify.worker import deliver_due

API_KEY = "4F6B2D-KEY"


class Kavenegar(BaseHTTPRequestHandler):
    """POST /v1/<API key>/sms/send.json, form-encoded receptor + message (+ sender, localid); answers with
    {"return": {"status", "message"}, "entries": [...]} and the same HTTP status, as the real service does."""

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode("ascii"), strict_parsing=True)
        self.server.received.append({"path": self.path, "content_type": self.headers["Content-Type"], "form": form})
        status = self.server.status
        if self.path != f"/v1/{API_KEY}/sms/send.json":
            status = 403  # "Not a valid API key"
        elif not form.get("receptor") or not form.get("message"):
            status = 406  # "required field"
        body = {"return": {"status": status, "message": "تایید شد" if status == 200 else "خطا"},
                "entries": [{"messageid": 8792343, "message": form.get("message", [""])[0], "status": 1,
                             "receptor": form.get("receptor", [""])[0], "cost": 120}] if status == 200 else None}
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def kavenegar(app):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Kavenegar)
    server.received, server.status = [], 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config.update(PORTAL_SMS_BACKEND="kavenegar", PORTAL_KAVENEGAR_URL=f"http://127.0.0.1:{server.server_port}",
                      PORTAL_SMS_API_KEY=API_KEY, PORTAL_SMS_SENDER="10004346", PORTAL_SMS_TIMEOUT=5)
    yield server
    server.shutdown()
    server.server_close()


def test_an_sms_is_sent_as_kavenegar_documents(db, kavenegar, enqueue, make_sms_customer):
    customer = make_sms_customer()
    [row] = enqueue(customer, number="۷۸")
    assert deliver_due().sent == 1
    [request] = kavenegar.received
    assert request["content_type"].startswith("application/x-www-form-urlencoded")
    assert request["form"] == {"receptor": [customer.mobile], "message": ["پیشخوان: پاسخ تازه به تیکت ۷۸"],
                               "sender": ["10004346"], "localid": [str(row.id)]}


@pytest.mark.parametrize(("status", "outcome"), [(418, "pending"), (500, "pending"), (411, "dead"), (422, "dead")])
def test_kavenegar_errors_are_retried_or_dropped(db, kavenegar, enqueue, make_sms_customer, status, outcome):
    kavenegar.status = status
    [row] = enqueue(make_sms_customer())
    deliver_due()
    db.session.expire_all()
    failed = db.session.get(OutboxMessage, row.id)
    assert failed.status == outcome and f"Kavenegar answered {status}" in failed.last_error


def test_a_wrong_api_key_is_retried_not_dropped(db, app, kavenegar, enqueue, make_sms_customer):
    app.config["PORTAL_SMS_API_KEY"] = "wrong"
    [row] = enqueue(make_sms_customer())
    assert deliver_due().retry == 1
    db.session.expire_all()
    assert "403" in db.session.get(OutboxMessage, row.id).last_error
