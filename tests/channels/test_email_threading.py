"""Outgoing ticket e-mail threads, names the ticket in the subject and carries an unguessable reply address."""
from email.utils import parseaddr

from portal.notify.mail import build_email, reply_address, reply_token, ticket_of_reply_address
from portal.tickets import services
from tests.channels.helpers import outbox


def test_every_ticket_email_refers_to_the_ticket_thread_and_carries_its_reply_address(
        mail_app, make_customer, category, make_staff):
    customer = make_customer(email="zahra@example.ir")
    ticket = services.open_ticket(customer, subject="اینترنت قطع است", body="از صبح", category=category)
    agent = make_staff(role="agent", departments=[category.department])
    services.reply(ticket, author=agent, body="لطفاً مودم را ریست کنید.")
    opened, replied = outbox(channel="email")
    emails = [build_email(row, "Pishkhan <no-reply@pishkhan.test>", mail_app.config) for row in (opened, replied)]
    for email, row in zip(emails, (opened, replied)):
        assert email["In-Reply-To"] == f"<ticket-{ticket.number}@pishkhan.test>"
        assert email["References"] == f"<ticket-{ticket.number}@pishkhan.test>"
        assert email["Message-ID"] == f"<outbox-{row.id}.{row.created_at:%Y%m%d%H%M%S}@pishkhan.test>"
        assert f"[#{ticket.number}]" in str(email["Subject"])
        reply_to = parseaddr(str(email["Reply-To"]))[1]
        assert reply_to == reply_address(mail_app.config, ticket.number)
        assert reply_to.startswith(f"support+t.{ticket.number}.") and reply_to.endswith("@pishkhan.test")
    assert emails[0]["Message-ID"] != emails[1]["Message-ID"]


def test_without_a_reply_address_setting_there_is_no_reply_to(mail_app, make_customer, category):
    mail_app.config["PORTAL_MAIL_REPLY_ADDRESS"] = None
    services.open_ticket(make_customer(), subject="s", body="b", category=category)
    [row] = outbox(channel="email")
    email = build_email(row, "no-reply@pishkhan.test", mail_app.config)
    assert email["Reply-To"] is None and email["References"] is not None


def test_a_token_names_one_ticket_and_depends_on_the_secret(mail_app):
    token = reply_token(mail_app.config, "05-7517029")
    assert token.startswith("05-7517029.") and len(token.rpartition(".")[2]) == 16
    assert reply_token(mail_app.config, "05-7517030") != token
    assert reply_token(dict(mail_app.config, PORTAL_MAIL_TOKEN_SECRET="other"), "05-7517029") != token
    address = reply_address(mail_app.config, "05-7517029")
    assert ticket_of_reply_address(mail_app.config, ["someone@x.ir", address.upper()]) == (True, "05-7517029")
    forged = address.replace(token, "05-7517030." + token.rpartition(".")[2])
    assert ticket_of_reply_address(mail_app.config, [forged]) == (True, None)
    assert ticket_of_reply_address(mail_app.config, ["support@pishkhan.test"]) == (False, None)
