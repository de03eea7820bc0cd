"""Fixtures of the channels room: a help topic for tickets from outside, signed SMS callbacks, outbox reads."""
import json

import pytest

from tests.channels.helpers import SMS_SECRET, signed


@pytest.fixture
def category(make_category, make_department):
    return make_category(name="درخواست‌های بیرونی", department=make_department(code="support", name="پشتیبانی"))


@pytest.fixture
def sms_app(app, category):
    app.config.update(PORTAL_SMS_WEBHOOK_SECRET=SMS_SECRET, PORTAL_SMS_REPLY_WINDOW_DAYS=7)
    return app


@pytest.fixture
def post_sms(sms_app):
    """post_sms(from_, text, message_id=None, **headers) -> the response of a correctly signed callback."""
    client = sms_app.test_client()
    counter = iter(range(1, 10**6))

    def post(from_, text, message_id=None, headers=None, to="3000123"):
        body = json.dumps({"from": from_, "to": to, "text": text,
                           "message_id": message_id or f"kn-{next(counter)}"}, ensure_ascii=False).encode("utf-8")
        return client.post("/channels/sms/inbound", data=body, headers=headers or signed(body))

    return post



MAIL_DIR = __import__("pathlib").Path(__file__).parent / "mail"
REPLY_ADDRESS = "support+t.{token}@pishkhan.test"


@pytest.fixture
def mail_app(app, category):
    app.config.update(PORTAL_MAIL_REPLY_ADDRESS=REPLY_ADDRESS, PORTAL_MAIL_FROM="no-reply@pishkhan.test")
    return app


@pytest.fixture
def sample():
    """sample(name, **fields) -> the bytes of tests/channels/mail/<name>.eml with {{FIELD}} filled in."""
    counter = iter(range(1, 10**6))

    def read(name, **fields):
        raw = (MAIL_DIR / f"{name}.eml").read_bytes()
        fields.setdefault("NONCE", str(next(counter)))
        for key, value in fields.items():
            raw = raw.replace(b"{{" + key.encode() + b"}}", str(value).encode("ascii"))
        return raw

    return read


@pytest.fixture
def ingest(mail_app):
    """ingest(raw) -> the CLI result of `flask --app portal ingest-email` with raw on standard input."""
    runner = mail_app.test_cli_runner()

    def run(raw):
        return runner.invoke(args=["ingest-email"], input=raw)

    return run


@pytest.fixture
def reply_to(mail_app):
    """reply_to(ticket) -> the ticket's reply address, as the notification e-mails carry it."""
    from portal.notify.mail import reply_address

    return lambda ticket: reply_address(mail_app.config, ticket.number)
