"""`flask send-outbox` and `flask outbox-retry`: thin wrappers that print what happened."""
from portal.notify.models import OutboxMessage


def test_send_outbox_prints_counts(app, db, sms_file, enqueue, make_customer):
    customer = make_customer()
    customer.notify_by_email = False
    enqueue(customer)
    result = app.test_cli_runner().invoke(args=["send-outbox"])
    assert result.exit_code == 0, result.output
    assert "sent 1, retry later 0, dead 0" in result.output
    assert "outbox: pending 0, sent 1, dead 0" in result.output
    assert len(sms_file.read_text(encoding="utf-8").splitlines()) == 1


def test_outbox_retry_makes_a_dead_message_due_again(app, db, enqueue, make_customer):
    [row, *_] = enqueue(make_customer())
    row.status, row.attempts, row.last_error = "dead", 8, "SMTPDataError: 554"
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["outbox-retry", str(row.id)])

    assert result.exit_code == 0, result.output
    assert f"outbox message {row.id} (email to {row.to_address}) is due again" in result.output
    db.session.expire_all()
    again = db.session.get(OutboxMessage, row.id)
    assert (again.status, again.attempts, again.last_error) == ("pending", 0, "SMTPDataError: 554")


def test_outbox_retry_refuses_unknown_and_sent_messages(app, db, enqueue, make_customer):
    [row, *_] = enqueue(make_customer())
    row.status = "sent"
    db.session.commit()
    runner = app.test_cli_runner()

    missing = runner.invoke(args=["outbox-retry", "999999"])
    assert missing.exit_code == 1 and "no outbox message 999999" in missing.output
    sent = runner.invoke(args=["outbox-retry", str(row.id)])
    assert sent.exit_code == 1 and "already sent" in sent.output
    db.session.expire_all()
    assert db.session.get(OutboxMessage, row.id).status == "sent"
