"""Delivery by e-mail to a real SMTP server on loopback: the message as received, failures and retries."""
from datetime import timedelta

import pytest

from portal.models_base import utcnow
from portal.notify.models import OutboxMessage
from portal.notify.services import requeue
from portal.notify.worker import deliver_due


def _email_rows(rows):
    return [row for row in rows if row.channel == "email"]


def test_received_email_is_persian_multipart_and_rtl(db, running_smtp, sms_file, enqueue, make_customer):
    customer = make_customer(full_name="زهرا احمدی")
    [row] = _email_rows(enqueue(customer, note="متن نمونه"))

    counts = deliver_due()

    assert (counts.sent, counts.retry, counts.dead) == (2, 0, 0)  # the e-mail and the SMS
    [received] = running_smtp.messages
    assert received["Subject"] == "ورود: پاسخ تازه به تیکت ۱۴۰۵۰۰۱"
    assert received["To"] == customer.email
    assert received["From"].addresses[0].display_name == "پیشخوان"
    assert received["From"].addresses[0].addr_spec == "no-reply@pishkhan.test"
    assert received["Message-ID"].startswith(f"<outbox-{row.id}.") and received["Date"]
    assert received.get_content_type() == "multipart/alternative"
    text = received.get_body(("plain",))
    html = received.get_body(("html",))
    assert text.get_content_charset() == "utf-8" and html.get_content_charset() == "utf-8"
    assert "سلام زهرا احمدی،" in text.get_content()
    assert 'dir="rtl"' in html.get_content() and "<b>۱۴۰۵۰۰۱</b>" in html.get_content()

    db.session.expire_all()
    sent = db.session.get(OutboxMessage, row.id)
    assert sent.status == "sent" and sent.attempts == 1 and sent.sent_at is not None and sent.last_error is None


def test_nothing_due_nothing_sent(db, running_smtp, enqueue, make_email_customer):
    customer = make_email_customer()
    [row] = enqueue(customer)
    assert deliver_due(now=row.next_attempt_at - timedelta(seconds=1)).attempted == 0
    assert running_smtp.messages == []


def test_server_down_keeps_the_row_and_a_later_pass_sends_it(db, smtp_server, enqueue, make_email_customer):
    [row] = enqueue(make_email_customer())
    now = utcnow()

    counts = deliver_due(now=now)  # nothing listens on the SMTP port

    assert (counts.sent, counts.retry, counts.dead) == (0, 1, 0)
    db.session.expire_all()
    waiting = db.session.get(OutboxMessage, row.id)
    assert waiting.status == "pending" and waiting.attempts == 1
    assert "ConnectionRefused" in waiting.last_error
    assert waiting.next_attempt_at > now

    smtp_server.start()
    assert deliver_due(now=now).attempted == 0  # not due again before its back-off ends
    assert deliver_due(now=waiting.next_attempt_at).sent == 1

    db.session.expire_all()
    sent = db.session.get(OutboxMessage, row.id)
    assert sent.status == "sent" and sent.attempts == 2
    assert len(smtp_server.messages) == 1


@pytest.mark.app_config(PORTAL_OUTBOX_MAX_ATTEMPTS=3)
def test_after_the_last_attempt_the_message_is_dead_and_can_be_requeued(db, smtp_server, enqueue, make_email_customer):
    [row] = enqueue(make_email_customer())
    now = utcnow()
    outcomes = []
    for _ in range(3):
        counts = deliver_due(now=now)
        outcomes.append((counts.retry, counts.dead))
        db.session.expire_all()
        now = db.session.get(OutboxMessage, row.id).next_attempt_at

    assert outcomes == [(1, 0), (1, 0), (0, 1)]
    dead = db.session.get(OutboxMessage, row.id)
    assert dead.status == "dead" and dead.attempts == 3 and dead.last_error
    assert deliver_due(now=now + timedelta(days=30)).attempted == 0  # dead rows are kept, not retried

    smtp_server.start()
    requeue(row.id)
    assert deliver_due().sent == 1
    assert len(smtp_server.messages) == 1


def test_refused_recipient_is_dead_at_once_and_others_still_go(db, running_smtp, enqueue, make_email_customer):
    refused = make_email_customer(email="gone@example.ir")
    running_smtp.handler.refuse.add("gone@example.ir")
    [bad] = enqueue(refused)
    [good] = enqueue(make_email_customer())

    counts = deliver_due()

    assert (counts.sent, counts.retry, counts.dead) == (1, 0, 1)
    db.session.expire_all()
    dead = db.session.get(OutboxMessage, bad.id)
    assert dead.status == "dead" and dead.attempts == 1 and "550" in dead.last_error
    assert db.session.get(OutboxMessage, good.id).status == "sent"
    assert [m["To"] for m in running_smtp.messages] == [good.to_address]


def test_one_connection_carries_a_whole_pass(db, running_smtp, enqueue, make_email_customer):
    for _ in range(5):
        enqueue(make_email_customer())
    assert deliver_due().sent == 5
    assert len(running_smtp.messages) == 5 and running_smtp.handler.greetings == 1
