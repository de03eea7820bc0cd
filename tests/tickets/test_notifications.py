"""What customers and agents are told, written to the outbox in the change's transaction, in Persian;
internal notes never reach the customer."""
import pytest

from portal.tickets import services
from portal.persian import to_persian_digits
from tests.tickets.conftest import outbox

SECRET = "یادداشت محرمانه: مشتری بدحساب است"


def by_template(name):
    return [m for m in outbox() if m.template == name]


def test_reply_email_and_sms_in_persian_with_a_link(open_ticket, make_customer, agent):
    customer = make_customer(full_name="زهرا موسوی")
    ticket = open_ticket(customer)
    services.reply(ticket, author=agent, body="لطفاً مودم را ریست کنید.")
    email, sms = sorted(by_template("ticket_reply"), key=lambda m: m.channel)
    assert (email.channel, email.to_address) == ("email", customer.email)
    assert f"[#{ticket.number}]" in email.subject and ticket.subject in email.subject
    assert "زهرا موسوی عزیز" in email.body_text and "لطفاً مودم را ریست کنید." in email.body_text
    assert f"/tickets/{ticket.number}" in email.body_text
    assert '<div dir="rtl" style="font-family:Tahoma' in email.body_html and "لطفاً مودم را ریست کنید." in email.body_html
    assert (sms.channel, sms.to_address, sms.subject) == ("sms", customer.mobile, None)
    assert len(sms.body_text) < 200 and to_persian_digits(ticket.number) in sms.body_text


def test_html_email_escapes_what_people_typed(open_ticket, agent):
    ticket = open_ticket(subject="<b>bold</b>")
    services.reply(ticket, author=agent, body="<script>alert(1)</script>")
    email = next(m for m in by_template("ticket_reply") if m.channel == "email")
    assert "<script>" not in email.body_html and "&lt;script&gt;" in email.body_html
    assert "<b>bold</b>" not in email.body_html


def test_preferences_choose_the_channels(open_ticket, make_customer, agent, db):
    customer = make_customer()
    customer.notify_by_sms = False
    db.session.commit()
    services.reply(open_ticket(customer), author=agent, body="پاسخ")
    assert [m.channel for m in by_template("ticket_reply")] == ["email"]


def test_internal_notes_never_reach_the_customer(open_ticket, make_customer, agent):
    """Neither alone nor next to a reply, a resolution or a merge: no outbox row carries an internal note."""
    customer = make_customer()
    ticket = open_ticket(customer)
    services.reply(ticket, author=agent, body=SECRET, internal=True)
    assert not [m for m in outbox() if m.template != "ticket_opened"]
    services.reply(ticket, author=agent, body="پاسخ عمومی")
    services.reply(ticket, author=agent, body=SECRET + " ۲", internal=True, status="resolved")
    services.change_status(ticket, "open", actor=agent)
    services.reply(ticket, author=agent, body="حل شد", status="resolved")
    other = open_ticket(customer)
    services.reply(other, author=agent, body=SECRET + " ۳", internal=True)
    services.merge(other, ticket, actor=agent)
    services.assign(ticket, agent, actor=None)
    rows = outbox()
    assert {m.template for m in rows} >= {"ticket_reply", "ticket_resolved", "ticket_merged", "ticket_assigned"}
    for m in rows:
        for part in (m.subject or "", m.body_text, m.body_html or ""):
            assert "محرمانه" not in part, (m.template, m.channel)


def test_resolution_invites_a_one_click_rating(open_ticket, agent):
    ticket = open_ticket()
    services.change_status(ticket, "resolved", actor=agent)
    email = next(m for m in by_template("ticket_resolved") if m.channel == "email")
    assert "حل شد" in email.subject and f"/tickets/{ticket.number}#feedback" in email.body_text


def test_assignment_tells_the_agent_with_a_back_office_link(open_ticket, agent, make_staff):
    ticket = open_ticket()
    services.assign(ticket, agent, actor=make_staff(role="supervisor", full_name="رضا کریمی"))
    (message,) = by_template("ticket_assigned")
    assert message.to_address == agent.email and message.recipient_kind == "staff"
    assert "رضا کریمی" in message.body_text and f"/admin/tickets/{ticket.number}" in message.body_text
    assert f"رضا کریمی تیکت \u2068{to_persian_digits(ticket.number)}\u2069 را به شما سپرد." in message.body_text


def test_an_agent_who_reads_english_is_told_in_english(open_ticket, agent, make_staff, db):
    agent.locale = "en"
    db.session.commit()
    ticket = open_ticket()
    services.assign(ticket, agent, actor=make_staff(role="supervisor", full_name="Reza Karimi"))
    (message,) = by_template("ticket_assigned")
    assert f"Reza Karimi assigned ticket \u2068{ticket.number}\u2069 to you." in message.body_text
    assert message.subject.startswith("Assigned to you:")
    assert 'lang="en" dir="ltr"' in message.body_html


def test_merge_tells_the_customer_where_to_continue(open_ticket, make_customer, agent):
    customer = make_customer()
    into, duplicate = open_ticket(customer), open_ticket(customer)
    services.merge(duplicate, into, actor=agent)
    email = next(m for m in by_template("ticket_merged") if m.channel == "email")
    assert to_persian_digits(into.number) in email.subject and f"/tickets/{into.number}" in email.body_text


def test_a_failed_change_leaves_no_notification(open_ticket, agent, db, monkeypatch):
    """The outbox row is part of the change's transaction: a change that fails sends nothing."""
    ticket = open_ticket()
    before = len(outbox())

    def broken_commit():
        raise RuntimeError("database went away")

    monkeypatch.setattr(db.session, "commit", broken_commit)
    with pytest.raises(RuntimeError):
        services.reply(ticket, author=agent, body="پاسخ")
    monkeypatch.undo()
    db.session.rollback()
    assert len(outbox()) == before


def test_notifications_render_outside_a_request(app, make_customer, category, db):
    """The CLI and the demo seeder open tickets too: links use PORTAL_BASE_URL."""
    app.config["SERVER_NAME"] = None
    app.config["PORTAL_BASE_URL"] = "https://help.example.ir"
    ticket = services.open_ticket(make_customer(), subject="s", body="b", category=category)
    email = next(m for m in by_template("ticket_opened") if m.channel == "email")
    assert f"https://help.example.ir/tickets/{ticket.number}" in email.body_text


FSI, PDI = "\u2068", "\u2069"


def _ticket_messages(customer, open_ticket, agent, make_customer):
    ticket = open_ticket(customer, subject="Modem")
    services.reply(ticket, author=agent, body="Please restart the modem.")
    services.reply(ticket, author=agent, body="Done.", status="resolved")
    other = open_ticket(customer, subject="Modem again")
    services.merge(other, ticket, actor=agent)
    rows = [m for m in outbox() if m.to_address in (customer.email, customer.mobile)]
    return ticket, other, rows


@pytest.mark.parametrize("locale", ["en", "fa", None])
def test_ticket_notifications_speak_the_customers_language(open_ticket, make_customer, agent, db, locale):
    customer = make_customer(full_name="Sara Ahmadi")
    customer.locale = locale
    db.session.commit()
    ticket, other, rows = _ticket_messages(customer, open_ticket, agent, make_customer)
    assert {m.template for m in rows} == {"ticket_opened", "ticket_reply", "ticket_resolved", "ticket_merged"}
    english = locale == "en"
    shown = [t.number if english else to_persian_digits(t.number) for t in (ticket, other)]
    words = {"ticket_opened": (("registered",), ("ثبت شد",)), "ticket_reply": (("answered",), ("پاسخ",)),
             "ticket_resolved": (("resolved",), ("حل شد",)),
             "ticket_merged": (("merged", "same matter"), ("ادغام شد", "همان موضوع"))}
    for m in rows:
        expected = words[m.template][0 if english else 1]
        assert any(w in m.body_text for w in expected), (m.template, m.channel, m.body_text)
        # the ticket number in the reader's digits, isolated from the text around it
        assert any(f"{FSI}{n}{PDI}" in m.body_text for n in shown), (m.template, m.channel)
        if english:
            # names (company, department) are data; the sentences and the digits are English
            assert not any(w in m.body_text for w in ("عزیز", "با سپاس", "تیکت", "ثبت", "پیگیری")), m.body_text
            assert not any("۰" <= ch <= "۹" for ch in m.body_text), (m.template, m.channel)
        else:
            assert "Dear" not in m.body_text and "ticket" not in m.body_text.replace("/tickets/", "")
        if m.channel == "email":
            assert f'lang="{"en" if english else "fa"}" dir="{"ltr" if english else "rtl"}"' in m.body_html
            assert ("Dear Sara Ahmadi," if english else "Sara Ahmadi عزیز، سلام") in m.body_text
