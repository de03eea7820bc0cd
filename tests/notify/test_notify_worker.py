"""The worker's rules: back-off, claims that hold across processes, failures recorded and never raised."""
import multiprocessing
from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from portal import create_app
from portal.extensions import db as _db
from portal.models_base import utcnow
from portal.notify.models import OutboxMessage
from portal.notify.worker import backoff, deliver_due, run_loop


def test_backoff_doubles_with_jitter_and_is_capped():
    config = {"PORTAL_OUTBOX_BACKOFF_SECONDS": 60, "PORTAL_OUTBOX_BACKOFF_MAX_SECONDS": 3600}
    for attempts, ceiling in [(1, 60), (2, 120), (3, 240), (6, 1920), (7, 3600), (20, 3600)]:
        delays = {backoff(attempts, config).total_seconds() for _ in range(50)}
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(delays) > 1  # jittered: messages that failed together don't retry together


def _outbox_row(**fields):
    values = {"channel": "email", "template": "test", "to_address": "someone@example.ir", "subject": "موضوع",
              "body_text": "متن"}
    values.update(fields)
    row = OutboxMessage(**values)
    _db.session.add(row)
    _db.session.commit()
    return row


def test_a_message_no_sender_can_handle_is_dead_not_raised(db):
    row = _outbox_row(channel="fax")
    counts = deliver_due()
    assert (counts.sent, counts.retry, counts.dead) == (0, 0, 1)
    db.session.expire_all()
    assert db.session.get(OutboxMessage, row.id).status == "dead"


def test_a_claimed_message_is_not_taken_by_another_pass_until_its_lease_ends(db, app, smtp_server):
    row = _outbox_row()
    now = utcnow()
    app.config["PORTAL_OUTBOX_CLAIM_SECONDS"] = 600
    from portal.notify.worker import _claim

    [claimed] = _claim(now, now + timedelta(seconds=600), limit=10)  # a worker that claimed, then died
    assert claimed.id == row.id
    assert deliver_due(now=now).attempted == 0
    smtp_server.start()
    assert deliver_due(now=now + timedelta(seconds=601)).sent == 1


def test_run_loop_passes_until_told_to_stop(db, sms_file):
    for n in range(5):
        _outbox_row(channel="sms", to_address=f"0912000000{n}", subject=None)
    passes = []
    total = run_loop(interval=0.1, limit=2, should_stop=lambda: len(passes) >= 4, on_pass=passes.append)
    assert [p.sent for p in passes] == [2, 2, 1, 0]  # full batches go again at once; the rest waits
    assert total.sent == 5


def _deliver_until_empty(config, results):
    """One worker process: its own app and connections, delivering small batches until nothing is due."""
    app = create_app(config)
    sent = 0
    with app.app_context():
        while (counts := deliver_due(limit=3)).attempted:
            sent += counts.sent
        _db.session.remove()
        _db.engine.dispose()
    results.put(sent)


def test_two_worker_processes_deliver_each_message_exactly_once(db, app, app_config, running_smtp):
    total = 40
    for n in range(total):
        _outbox_row(to_address=f"c{n}@example.ir")
    config = dict(app_config, PORTAL_SMTP_HOST="127.0.0.1", PORTAL_SMTP_PORT=running_smtp.port,
                  PORTAL_MAIL_FROM="no-reply@pishkhan.test")
    _db.session.remove()
    _db.engine.dispose()  # the children must not inherit this process's open connections

    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [context.Process(target=_deliver_until_empty, args=(config, results)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0]

    per_worker = [results.get(timeout=5) for _ in workers]
    assert sum(per_worker) == total
    received = Counter(message["To"] for message in running_smtp.messages)
    assert len(received) == total and set(received.values()) == {1}
    statuses = Counter(db.session.scalars(select(OutboxMessage.status)))
    assert statuses == {"sent": total}
