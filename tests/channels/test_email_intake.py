"""`ingest-email`: real MIME samples become tickets and replies, or are quarantined; nothing is lost."""
import os
import subprocess
import sys
from pathlib import Path

from portal.tickets import services
from tests.channels.helpers import inbound_rows, outbox, tickets_of


def test_a_windows_1256_persian_message_opens_an_email_ticket_for_a_new_customer(ingest, sample, db):
    from portal.accounts.models import Customer

    result = ingest(sample("windows1256_persian"))
    assert result.exit_code == 0, result.output
    customer = db.session.query(Customer).filter_by(email="reza.ahmadi@example.ir").one()
    assert customer.password_hash is None and customer.full_name == "رضا احمدي"
    [ticket] = tickets_of(customer)
    assert (ticket.channel, ticket.subject) == ("email", "مشکل در پرداخت قبض")
    assert "پرداخت‌نشده نشان مي‌دهد" in ticket.messages[0].body and "123456" in ticket.messages[0].body
    assert "processed" in result.output
    [mail] = outbox(channel="email", to_address="reza.ahmadi@example.ir")
    assert f"[#{ticket.number}]" in mail.subject and mail.ticket_number == ticket.number


def test_an_iso_8859_6_message_is_read_in_its_charset(ingest, sample, db, make_customer):
    customer = make_customer(email="ali@example.net")
    ingest(sample("iso8859_6_arabic"))
    [ticket] = tickets_of(customer)  # a known sender: the ticket is on their account
    assert ticket.subject == "سؤال" and ticket.messages[0].body.startswith("مرحبا، لدي سؤال عن الفاتورة.")


def test_a_reply_from_the_customer_to_the_ticket_address_lands_on_the_ticket_without_the_quote(
        ingest, sample, make_customer, category, reply_to):
    customer = make_customer(email="zahra@example.ir")
    ticket = services.open_ticket(customer, subject="اینترنت قطع است", body="از صبح", category=category)
    result = ingest(sample("html_quoted_reply", NUMBER=ticket.number, FROM="Zahra <Zahra@Example.ir>",
                           TO=reply_to(ticket)))
    assert result.exit_code == 0, result.output
    messages = tickets_of(customer)[0].messages
    assert len(tickets_of(customer)) == 1 and len(messages) == 2
    assert messages[1].body == "ممنون، مودم را ریست کردم و اینترنت وصل شد." and messages[1].channel == "email"
    assert "نوشت" not in messages[1].body and "لطفاً مودم" not in messages[1].body


def test_an_html_only_message_is_sanitised_to_text_without_its_quote(ingest, sample, make_customer):
    customer = make_customer(email="sara@example.com")
    ingest(sample("html_only"))
    [ticket] = tickets_of(customer)
    body = ticket.messages[0].body
    assert body == "Hello, the invoice & receipt are attached?\nSecond line"


def test_attachments_within_the_limits_are_kept_and_a_refused_one_is_noted(ingest, sample, make_customer, db):
    from portal.tickets.models import Attachment

    customer = make_customer(email="maryam@example.ir")
    ingest(sample("attachments"))
    [ticket] = tickets_of(customer)
    names = sorted(a.original_name for a in db.session.query(Attachment).filter_by(ticket_id=ticket.id))
    assert names == ["inline.png", "فاکتور.pdf"]
    body = ticket.messages[0].body
    assert body.startswith("تصویر خطا را می‌فرستم:") and "setup.exe" in body


def test_an_auto_reply_is_recorded_but_gets_no_automatic_answer(ingest, sample, make_customer, category, reply_to):
    customer = make_customer(email="hamid@example.ir")
    ticket = services.open_ticket(customer, subject="s", body="b", category=category)
    before = len(outbox())
    ingest(sample("auto_reply", TO=reply_to(ticket)))
    assert [m.body for m in tickets_of(customer)[0].messages][-1] == "تا ۱۵ آذر در مرخصی هستم."
    assert len(outbox()) == before  # nothing sent back: no mail loop


def test_an_auto_reply_to_no_ticket_opens_one_silently(ingest, sample, make_customer):
    customer = make_customer(email="hamid@example.ir")
    ingest(sample("auto_reply", TO="support@pishkhan.test"))
    assert len(tickets_of(customer)) == 1 and outbox() == []


def test_a_reply_to_someone_elses_ticket_is_quarantined_and_changes_nothing(
        ingest, sample, make_customer, category, reply_to, db):
    from portal.accounts.models import Customer

    owner = make_customer(email="owner@example.ir")
    ticket = services.open_ticket(owner, subject="s", body="b", category=category)
    services.change_status(ticket, "resolved", actor=owner)
    result = ingest(sample("forged_reply", NUMBER=ticket.number, TO=reply_to(ticket)))
    assert result.exit_code == 0 and "quarantined" in result.output
    db.session.refresh(ticket)
    assert len(ticket.messages) == 1 and ticket.status == "resolved"
    assert db.session.query(Customer).filter_by(email="intruder@evil.example").count() == 0
    [row] = inbound_rows()
    assert (row.status, row.reason, row.ticket_id) == ("quarantined", "not_ticket_customer", None)


def test_a_made_up_token_is_quarantined(ingest, sample, make_customer, category, db):
    owner = make_customer(email="zahra@example.ir")
    ticket = services.open_ticket(owner, subject="s", body="b", category=category)
    forged_address = f"support+t.{ticket.number}.aaaaaaaaaaaaaaaa@pishkhan.test"
    ingest(sample("html_quoted_reply", NUMBER=ticket.number, FROM="zahra@example.ir", TO=forged_address))
    assert len(tickets_of(owner)[0].messages) == 1
    assert inbound_rows()[0].reason == "bad_token"


def test_a_subject_naming_a_ticket_without_its_address_is_quarantined(ingest, sample, make_customer, category):
    owner = make_customer(email="zahra@example.ir")
    ticket = services.open_ticket(owner, subject="s", body="b", category=category)
    ingest(sample("html_quoted_reply", NUMBER=ticket.number, FROM="zahra@example.ir", TO="support@pishkhan.test"))
    assert len(tickets_of(owner)) == 1 and len(tickets_of(owner)[0].messages) == 1
    assert inbound_rows()[0].reason == "no_token"


def test_the_same_message_delivered_twice_makes_one_reply(ingest, sample, make_customer, category, reply_to):
    customer = make_customer(email="zahra@example.ir")
    ticket = services.open_ticket(customer, subject="s", body="b", category=category)
    raw = sample("html_quoted_reply", NUMBER=ticket.number, FROM="zahra@example.ir", TO=reply_to(ticket), NONCE="1")
    first, second = ingest(raw), ingest(raw)
    assert second.exit_code == 0 and "already received" in second.output
    assert len(tickets_of(customer)[0].messages) == 2 and len(inbound_rows()) == 1


def test_a_bounce_is_quarantined_not_answered(ingest, sample):
    ingest(sample("bounce"))
    [row] = inbound_rows()
    assert (row.status, row.reason) == ("quarantined", "no_sender") and outbox() == []


def test_unknown_senders_are_quarantined_when_the_setting_says_so(ingest, sample, mail_app, db):
    from portal.accounts.models import Customer

    mail_app.config["PORTAL_MAIL_UNKNOWN_SENDERS"] = "quarantine"
    ingest(sample("windows1256_persian"))
    assert db.session.query(Customer).count() == 0 and inbound_rows()[0].reason == "unknown_sender"


def test_a_sender_over_the_hourly_limit_is_held(ingest, sample, mail_app, make_customer):
    customer = make_customer(email="hamid@example.ir")
    mail_app.config["PORTAL_INBOUND_HOURLY_LIMIT"] = 2
    for _ in range(3):
        ingest(sample("auto_reply", TO="support@pishkhan.test"))
    assert [r.status for r in inbound_rows()] == ["processed", "processed", "held"]
    assert len(tickets_of(customer)) == 2


def test_empty_input_is_an_error(ingest):
    result = ingest(b"")
    assert result.exit_code != 0 and inbound_rows() == []


def test_ingest_email_exits_75_when_the_database_is_unavailable(tmp_path, sample):
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PORTAL_DATABASE_URL=f"sqlite:///{tmp_path}/missing/dir/portal.sqlite",
               PORTAL_SECRET_KEY="x")
    env.pop("PORTAL_TEST_DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "portal", "ingest-email"],
                            input=sample("windows1256_persian"), capture_output=True, cwd=root, env=env, timeout=60)
    assert result.returncode == 75, result.stderr.decode()
    assert b"database unavailable" in result.stderr
