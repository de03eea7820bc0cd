"""The inbound store's back office: /admin/inbound/ and `reprocess-inbound`."""
import json

import pytest

from portal.audit import AuditEntry
from portal.channels import inbound
from portal.channels.models import InboundMessage
from tests.channels.helpers import inbound_rows, tickets_of
from tests.conftest import page_text, sign_in_staff


def sms_raw(from_="09121110000", text="سلام", message_id="m-1"):
    return json.dumps({"from": from_, "to": "3000", "text": text, "message_id": message_id},
                      ensure_ascii=False).encode()


@pytest.fixture
def quarantined(sms_app):
    sms_app.config["PORTAL_SMS_UNKNOWN_SENDERS"] = "quarantine"
    message, _ = inbound.receive("sms", sms_raw(), provider_id="m-1", sender="09121110000", summary="سلام")
    assert message.status == "quarantined"
    return message


@pytest.fixture
def admin_client(app, make_staff):
    admin = make_staff(role="admin")
    client = app.test_client()
    assert sign_in_staff(client, admin).status_code == 302
    client.staff = admin
    return client


def test_only_staff_with_the_permission_see_the_page(app, make_staff, admin_client, quarantined):
    agent = make_staff(role="agent")
    client = app.test_client()
    sign_in_staff(client, agent)
    assert client.get("/admin/inbound/").status_code == 403
    assert client.post(f"/admin/inbound/{quarantined.id}/discard").status_code == 403
    assert app.test_client().get("/admin/inbound/").status_code == 302  # to the staff login
    page = admin_client.get("/admin/inbound/")
    assert page.status_code == 200
    text = page_text(page)
    assert "09121110000" in text and "قرنطینه" in text and "فرستنده‌ی ناشناس" in text


def test_a_failed_message_is_kept_and_processed_again_once_the_cause_is_gone(sms_app, db, make_customer,
                                                                            admin_client, category):
    customer = make_customer(mobile="09121110001")
    category.is_active = False
    db.session.commit()
    message, _ = inbound.receive("sms", sms_raw("09121110001", message_id="m-2"), provider_id="m-2",
                                 sender="09121110001")
    assert (message.status, message.attempts) == ("failed", 1) and tickets_of(customer) == []
    category.is_active = True
    db.session.commit()
    response = admin_client.post(f"/admin/inbound/{message.id}/process", follow_redirects=True)
    assert "پردازش شد" in page_text(response)
    db.session.expire_all()
    row = db.session.get(InboundMessage, message.id)
    assert (row.status, row.attempts, row.error) == ("processed", 2, None)
    assert [t.id for t in tickets_of(customer)] == [row.ticket_id]
    assert db.session.query(AuditEntry).filter_by(action="inbound.reprocessed", target_id=str(row.id)).count() == 1


def test_processing_again_never_makes_a_second_ticket(sms_app, make_customer):
    customer = make_customer(mobile="09121110002")
    message, _ = inbound.receive("sms", sms_raw("09121110002", message_id="m-3"), provider_id="m-3")
    assert message.status == "processed"
    inbound.reprocess(message_id=message.id)
    inbound.process(message)
    assert len(tickets_of(customer)) == 1


def test_open_as_a_new_ticket_for_a_customer_the_admin_names(admin_client, quarantined, make_customer, db):
    customer = make_customer(mobile="09121110003", email="x@example.ir")
    response = admin_client.post(f"/admin/inbound/{quarantined.id}/open", data={"customer": "۰۹۱۲۱۱۱۰۰۰۳"},
                                 follow_redirects=True)
    [ticket] = tickets_of(customer)
    assert ticket.number in page_text(response) or ticket.number.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) in page_text(response)
    assert ticket.channel == "sms" and ticket.created_by_staff_id == admin_client.staff.id
    db.session.expire_all()
    row = db.session.get(InboundMessage, quarantined.id)
    assert (row.status, row.ticket_id) == ("processed", ticket.id)
    assert db.session.query(AuditEntry).filter_by(action="inbound.opened_for_customer").count() == 1


def test_open_for_an_unknown_identifier_changes_nothing(admin_client, quarantined, db):
    response = admin_client.post(f"/admin/inbound/{quarantined.id}/open", data={"customer": "09999999999"},
                                 follow_redirects=True)
    assert "هیچ مشتری" in page_text(response)
    db.session.expire_all()
    assert db.session.get(InboundMessage, quarantined.id).status == "quarantined"


def test_discard_is_audited_and_the_raw_message_stays(admin_client, quarantined, db):
    admin_client.post(f"/admin/inbound/{quarantined.id}/discard")
    db.session.expire_all()
    row = db.session.get(InboundMessage, quarantined.id)
    assert row.status == "discarded" and row.raw == sms_raw()
    assert db.session.query(AuditEntry).filter_by(action="inbound.discarded", target_id=str(row.id)).count() == 1
    assert admin_client.get(f"/admin/inbound/{row.id}").status_code == 200
    assert admin_client.get("/admin/inbound/999999").status_code == 404


def test_reprocess_inbound_cli(sms_app, db, make_customer, category):
    customer = make_customer(mobile="09121110004")
    category.is_active = False
    db.session.commit()
    failed, _ = inbound.receive("sms", sms_raw("09121110004", message_id="m-4"), provider_id="m-4")
    failed_id = failed.id
    category.is_active = True
    db.session.commit()
    runner = sms_app.test_cli_runner()
    usage = runner.invoke(args=["reprocess-inbound"])
    assert usage.exit_code != 0
    result = runner.invoke(args=["reprocess-inbound", "--failed"])
    assert result.exit_code == 0 and f"inbound message {failed_id} (sms): processed" in result.output
    assert len(tickets_of(customer)) == 1
    again = runner.invoke(args=["reprocess-inbound", "--id", str(failed_id)])
    assert again.exit_code == 0 and len(tickets_of(customer)) == 1
    missing = runner.invoke(args=["reprocess-inbound", "--id", "999999"])
    assert missing.exit_code != 0 and "no inbound message" in missing.output
    assert [r.status for r in inbound_rows()] == ["processed"]


def test_a_held_message_is_released_when_an_admin_processes_it(sms_app, admin_client, make_customer, db):
    customer = make_customer(mobile="09121110005")
    sms_app.config["PORTAL_INBOUND_HOURLY_LIMIT"] = 1
    inbound.receive("sms", sms_raw("09121110005", "اول", "h-1"), provider_id="h-1", sender="09121110005")
    held, _ = inbound.receive("sms", sms_raw("09121110005", "دوم", "h-2"), provider_id="h-2", sender="09121110005")
    assert (held.status, held.reason) == ("held", "rate")
    held_id = held.id
    assert [r.status for r in inbound.reprocess(failed=True)] == []  # --failed leaves held messages alone
    admin_client.post(f"/admin/inbound/{held_id}/process")
    db.session.expire_all()
    assert db.session.get(InboundMessage, held_id).status == "processed"
    assert [m.body for m in tickets_of(customer)[0].messages] == ["اول", "دوم"]
