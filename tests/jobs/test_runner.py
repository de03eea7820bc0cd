"""The job runner: once per due time across workers, claims that expire, outcomes recorded."""
import threading
import time
from datetime import datetime, timedelta

import pytest

from portal import jobs
from portal.extensions import db
from portal.jobs.models import JobState
from portal.jobs.runner import Runner

T0 = datetime(2026, 12, 1, 8, 0, 0)


@pytest.fixture
def calls(app):
    """A registry of just one test job (the app's own are dropped), recording each run's `now`."""
    app.extensions["portal_jobs"] = {}
    seen = []
    jobs.add(app, "test.count", lambda now: seen.append(now) or f"run {len(seen)}", every=3600)
    return seen


def state(name="test.count"):
    db.session.expire_all()
    return db.session.get(JobState, name)


def test_a_due_job_runs_once_per_due_time_across_workers(app, calls):
    a, b = Runner(app, "host-a:1"), Runner(app, "host-b:1")
    assert [r.name for r in a.run_pending(T0)] == ["test.count"]
    assert b.run_pending(T0) == []
    assert b.run_pending(T0 + timedelta(minutes=59)) == []
    assert calls == [T0]
    assert [r.summary for r in b.run_pending(T0 + timedelta(hours=1))] == ["run 2"]
    assert a.run_pending(T0 + timedelta(hours=1, seconds=1)) == []
    row = state()
    assert (row.runs, row.failures, row.last_outcome, row.last_worker) == (2, 0, "ok", "host-b:1")
    assert row.next_due_at == T0 + timedelta(hours=2)
    assert row.claimed_by is None and row.claimed_until is None


def test_missed_due_times_collapse_into_one_run_on_the_same_grid(app, calls):
    Runner(app, "a").run_pending(T0)
    later = T0 + timedelta(hours=5, minutes=10)
    Runner(app, "b").run_pending(later)
    Runner(app, "c").run_pending(later + timedelta(minutes=1))
    assert calls == [T0, later]
    assert state().next_due_at == T0 + timedelta(hours=6)


def test_a_restarted_worker_neither_repeats_nor_skips(app, calls):
    Runner(app, "host:1").run_pending(T0)
    restarted = Runner(app, "host:2")  # same database, new process
    assert restarted.run_pending(T0 + timedelta(minutes=30)) == []
    assert len(restarted.run_pending(T0 + timedelta(hours=1))) == 1
    assert calls == [T0, T0 + timedelta(hours=1)]


@pytest.mark.app_config(PORTAL_JOB_LEASE_SECONDS=600)
def test_a_claim_left_by_a_dead_worker_expires_and_the_due_time_is_run(app, calls):
    from portal.jobs.runner import _claim, _ensure_rows

    _ensure_rows(jobs.registered(app), T0)
    assert _claim("test.count", T0, "dead:1", T0 + timedelta(minutes=10)) == T0  # it died while running
    assert Runner(app, "b").run_pending(T0 + timedelta(minutes=5)) == []  # still held
    assert jobs.last_runs()["test.count"].running is False  # the runner's own clock: our test time is the past
    ran = Runner(app, "b").run_pending(T0 + timedelta(minutes=10, seconds=1))
    assert [r.outcome for r in ran] == ["ok"]
    assert calls == [T0 + timedelta(minutes=10, seconds=1)]
    assert state().next_due_at == T0 + timedelta(hours=1)


def test_a_failing_job_records_its_error_and_is_due_again_next_time(app):
    app.extensions["portal_jobs"] = {}
    attempts = []

    def flaky(now):
        attempts.append(now)
        if len(attempts) == 1:
            raise RuntimeError("mail server away")
        return "fine"

    jobs.add(app, "test.flaky", flaky, every=60)
    assert [r.outcome for r in Runner(app, "a").run_pending(T0)] == ["failed"]
    row = state("test.flaky")
    assert (row.last_outcome, row.failures, row.runs) == ("failed", 1, 1)
    assert "RuntimeError: mail server away" in row.last_summary
    assert row.claimed_by is None
    assert [r.outcome for r in Runner(app, "a").run_pending(T0 + timedelta(seconds=60))] == ["ok"]
    assert (state("test.flaky").last_outcome, state("test.flaky").failures) == ("ok", 1)


def test_a_failing_job_leaves_no_half_written_changes(app, make_customer):
    app.extensions["portal_jobs"] = {}
    customer = make_customer()
    model, customer_id = type(customer), customer.id

    def half_done(now):
        db.session.get(model, customer_id).full_name = "changed"
        db.session.flush()
        raise RuntimeError("stop")

    jobs.add(app, "test.half", half_done, every=60)
    Runner(app, "a").run_pending(T0)
    db.session.expire_all()
    assert db.session.get(model, customer_id).full_name != "changed"


def test_non_exclusive_jobs_run_on_every_worker_on_their_own_schedule(app):
    app.extensions["portal_jobs"] = {}
    seen = []
    jobs.add(app, "test.local", lambda now: seen.append(now), every=10, exclusive=False)
    a, b = Runner(app, "a"), Runner(app, "b")
    a.run_pending(T0)
    b.run_pending(T0)
    a.run_pending(T0 + timedelta(seconds=5))
    a.run_pending(T0 + timedelta(seconds=10))
    assert seen == [T0, T0, T0 + timedelta(seconds=10)]
    assert state("test.local").runs == 3


def test_concurrent_workers_run_a_due_job_once(app):
    """Real concurrency: several threads, each its own connection, racing for one due job."""
    app.extensions["portal_jobs"] = {}
    seen = []
    jobs.add(app, "test.slow", lambda now: seen.append(now) or time.sleep(0.3), every=3600)
    Runner(app, "setup").run_pending(T0 - timedelta(hours=2))  # rows exist; next due T0 - 1h
    seen.clear()
    start = threading.Barrier(4)

    def worker(n):
        with app.app_context():
            runner = Runner(app, f"w{n}")
            start.wait()
            runner.run_pending(T0)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == [T0]
    assert state("test.slow").runs == 2


def test_registering_a_job_twice_is_refused(app):
    with pytest.raises(ValueError):
        jobs.add(app, "notify.deliver", lambda now: None, every=5)


def test_the_app_registers_the_outbox_jobs(app):
    names = {job.name for job in jobs.registered(app)}
    assert {"notify.deliver", "notify.purge_sent"} <= names
