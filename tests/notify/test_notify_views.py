"""/admin/outbox: only for access.manage; lists what needs attention and sends a message again."""
from sqlalchemy import select

from portal.audit import AuditEntry
from portal.notify.models import OutboxMessage
from tests.conftest import page_text


def _dead_message(db, rows):
    row = next(r for r in rows if r.channel == "email")
    row.status, row.attempts, row.last_error = "dead", 8, "ConnectionRefusedError: [Errno 111]"
    db.session.commit()
    return row


def test_agents_may_not_see_the_outbox(staff_client_for, make_department):
    client = staff_client_for(role="agent", departments=[make_department()])
    assert client.get("/admin/outbox/").status_code == 403
    assert client.post("/admin/outbox/1/requeue").status_code == 403


def test_customers_are_refused(customer_client):
    assert customer_client.get("/admin/outbox/").status_code == 403


def test_admin_sees_dead_messages_and_sends_one_again(db, staff_client_for, enqueue, make_customer):
    row = _dead_message(db, enqueue(make_customer()))
    client = staff_client_for(role="admin")

    page = client.get("/admin/outbox/?status=dead")
    assert page.status_code == 200
    text = page_text(page)
    assert row.to_address in text and "ConnectionRefusedError" in text
    assert f"/admin/outbox/{row.id}/requeue" in page.get_data(as_text=True)

    response = client.post(f"/admin/outbox/{row.id}/requeue?status=dead")
    assert response.status_code == 302
    db.session.expire_all()
    again = db.session.get(OutboxMessage, row.id)
    assert again.status == "pending" and again.attempts == 0
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "outbox.requeue")).one()
    assert entry.target_id == str(row.id) and entry.actor_id == client.staff.id


def test_requeue_of_an_unknown_message_is_404_and_a_sent_one_stays_sent(db, staff_client_for, enqueue,
                                                                       make_customer):
    [row, *_] = enqueue(make_customer())
    row.status = "sent"
    db.session.commit()
    client = staff_client_for(role="admin")
    assert client.post("/admin/outbox/999999/requeue").status_code == 404
    client.post(f"/admin/outbox/{row.id}/requeue")
    db.session.expire_all()
    assert db.session.get(OutboxMessage, row.id).status == "sent"


def test_requeue_needs_the_csrf_token(app, db, staff_client_for, enqueue, make_customer):
    row = _dead_message(db, enqueue(make_customer()))
    client = staff_client_for(role="admin")
    response = client.open(f"/admin/outbox/{row.id}/requeue", method="POST", data={})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(OutboxMessage, row.id).status == "dead"


def _sent(db, count, start=0):
    from portal.models_base import utcnow

    db.session.add_all(OutboxMessage(channel="sms", template="ticket_opened", to_address=f"0912{start + n:07d}",
                                     body_text="ثبت شد", status="sent", attempts=1, sent_at=utcnow())
                       for n in range(count))
    db.session.commit()


def test_the_outbox_page_reads_as_many_statements_however_many_were_sent(db, staff_client_for, query_counter,
                                                                       monkeypatch):
    from portal.notify import views

    monkeypatch.setattr(views, "SENT_COUNTED", 60)
    client = staff_client_for(role="admin")
    _sent(db, 5)
    statements = {}
    for shown in ("attention", "sent"):
        client.get(f"/admin/outbox/?status={shown}")  # warm-up: the session, the menu
        with query_counter:
            assert client.get(f"/admin/outbox/?status={shown}").status_code == 200
        statements[shown] = query_counter.count
    _sent(db, 120, start=5)
    for shown in ("attention", "sent"):
        with query_counter:
            page = client.get(f"/admin/outbox/?status={shown}")
        assert query_counter.count == statements[shown], query_counter.statements
    text = page_text(page)
    assert "بیش از ۶۰" in text  # 125 sent: counted up to the bound, not to the end
    assert "page=2" in page.get_data(as_text=True)  # the pager still goes on
