"""A real SMTP server on loopback (aiosmtpd), notification templates for the tests, and outbox helpers."""
import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from jinja2 import ChoiceLoader, DictLoader

# A notification as a feature would ship it; _("Sign in") has a Persian translation in the catalog.
TEMPLATES = {
    "notify/test_reply.subject.txt": "{{ _('Sign in') }}: پاسخ تازه به تیکت {{ number }}\n",
    "notify/test_reply.txt": "سلام {{ recipient.full_name }}،\n\nکارشناس ما به تیکت {{ number }} پاسخ داد.\n{{ note }}",
    "notify/test_reply.html": "<p>سلام {{ recipient.full_name }}،</p><p>کارشناس ما به تیکت <b>{{ number }}</b> پاسخ داد.</p><p>{{ note }}</p>",
    "notify/test_reply.sms.txt": "پیشخوان: پاسخ تازه به تیکت {{ number }}",
    "notify/test_plain.subject.txt": "یادآوری",
    "notify/test_plain.txt": "خط اول {{ note }}\nخط دوم\n\nبند دوم",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CollectingHandler:
    """Keeps every message it receives; refuses recipients listed in `refuse`."""

    def __init__(self):
        self.messages = []
        self.refuse = set()
        self.greetings = 0  # EHLOs: one per SMTP connection

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.greetings += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.original_content or envelope.content,
                                                      policy=email.policy.default))
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self, port):
        self.port = port
        self.handler = CollectingHandler()
        self._controller = None

    @property
    def messages(self):
        return self.handler.messages

    def start(self):
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp_port(app):
    """A loopback port with nothing listening yet; the app sends its mail there."""
    port = free_port()
    app.config.update(PORTAL_SMTP_HOST="127.0.0.1", PORTAL_SMTP_PORT=port, PORTAL_SMTP_TIMEOUT=5,
                      PORTAL_MAIL_FROM="no-reply@pishkhan.test")
    return port


@pytest.fixture
def smtp_server(smtp_port):
    """A not-yet-started SMTP server on the app's SMTP port (call .start()); stopped after the test."""
    server = SmtpServer(smtp_port)
    yield server
    server.stop()


@pytest.fixture
def running_smtp(smtp_server):
    smtp_server.start()
    return smtp_server


@pytest.fixture
def notify_templates(app):
    app.jinja_env.loader = ChoiceLoader([DictLoader(TEMPLATES), app.jinja_env.loader])
    return TEMPLATES


@pytest.fixture
def sms_file(app, tmp_path):
    path = tmp_path / "sms.jsonl"
    app.config.update(PORTAL_SMS_BACKEND="file", PORTAL_SMS_FILE=str(path))
    return path


@pytest.fixture
def enqueue(db, notify_templates, make_customer):
    """enqueue(customer=None, name="test_reply", **context) -> the rows notify_customer wrote, committed."""
    from portal.notify import notify_customer

    def add(customer=None, name="test_reply", **context):
        context.setdefault("number", "۱۴۰۵۰۰۱")
        context.setdefault("note", "")
        rows = notify_customer(customer or make_customer(), name, **context)
        db.session.commit()
        return rows

    return add


@pytest.fixture
def make_customer_reached_by(db, make_customer):
    """make_customer_reached_by("email" or "sms", **overrides): a customer notified on that channel only."""

    def make(channel, **overrides):
        customer = make_customer(**overrides)
        customer.notify_by_email = channel == "email"
        customer.notify_by_sms = channel == "sms"
        db.session.commit()
        return customer

    return make


@pytest.fixture
def make_email_customer(make_customer_reached_by):
    return lambda **overrides: make_customer_reached_by("email", **overrides)


@pytest.fixture
def make_sms_customer(make_customer_reached_by):
    return lambda **overrides: make_customer_reached_by("sms", **overrides)
