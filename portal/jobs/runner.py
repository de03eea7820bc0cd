"""Running due jobs, once per due time across every worker.

An exclusive job is claimed before it runs: a conditional UPDATE of its row ("due, and not held by a live claim")
that sets the claim and a lease. On PostgreSQL the row is first picked with SELECT ... FOR UPDATE SKIP LOCKED, so
a second worker skips it at once instead of waiting; on SQLite the one statement holds the write lock. The claim
is committed before the job runs, so no transaction stays open during the work. When the job ends, its outcome
and its next due time are written in one statement, and only while our claim still holds. A worker that dies
mid-run leaves the claim to expire after the lease; the same due time is then run by the next worker, so a due
time is never lost. Jobs write what they did in the transaction of the change (a warning sent, a ticket closed),
so the rare run that is repeated after a crash finds nothing left to do.
Due times keep their cadence: after a run the next due time is the first slot after now on the job's grid,
so missed slots (all workers down for a day) collapse into one run rather than a burst.
"""
import logging
import os
import socket
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from ..extensions import db
from ..models_base import utcnow
from .models import JobState
from .registry import Job, registered

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Ran:
    name: str
    outcome: str  # ok, failed
    summary: str | None


@dataclass(frozen=True)
class JobStatus:
    name: str
    next_due_at: datetime | None
    last_started_at: datetime | None
    last_finished_at: datetime | None
    last_outcome: str | None
    last_summary: str | None
    running: bool


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


class Runner:
    """One worker's view of the jobs: run whatever is due, on each call of run_pending()."""

    def __init__(self, app, name: str | None = None):
        self.app = app
        self.name = name or worker_name()
        self._local_next: dict[str, datetime] = {}  # non-exclusive jobs: this worker's own schedule
        self._rows_ready = False

    def run_pending(self, now: datetime | None = None) -> list[Ran]:
        now = now or utcnow()
        jobs = registered(self.app)
        if not self._rows_ready:
            _ensure_rows(jobs, now)
            self._rows_ready = True
        done = []
        for job in jobs:
            if job.exclusive:
                ran = self._run_exclusive(job, now)
            else:
                ran = self._run_local(job, now)
            if ran is not None:
                done.append(ran)
        return done

    def _run_exclusive(self, job: Job, now) -> Ran | None:
        lease = job.lease or timedelta(seconds=self.app.config["PORTAL_JOB_LEASE_SECONDS"])
        lease_until = now + lease
        due_at = _claim(job.name, now, self.name, lease_until)
        if due_at is None:
            return None
        ran, elapsed = _execute(job, now)
        _finish(job, due_at, now, elapsed, self.name, lease_until, ran)
        return ran

    def _run_local(self, job: Job, now) -> Ran | None:
        if self._local_next.get(job.name, now) > now:
            return None
        self._local_next[job.name] = now + job.every
        ran, elapsed = _execute(job, now)
        _record_local(job, now, elapsed, self.name, ran)
        return ran


def run_due(app, now=None, worker: str | None = None) -> list[Ran]:
    """One pass with a fresh runner (the CLI's --once, tests)."""
    return Runner(app, worker).run_pending(now)


def run_forever(app, *, poll: float, should_stop=lambda: False, on_ran=None) -> None:
    """Pass after pass until should_stop(); a pass that fails (database away) is logged and tried again."""
    runner = Runner(app)
    log.info("worker %s started with jobs: %s", runner.name, ", ".join(j.name for j in registered(app)))
    while not should_stop():
        try:
            for ran in runner.run_pending():
                if on_ran is not None:
                    on_ran(ran)
        except Exception:  # noqa: BLE001  the loop outlives a database restart
            log.exception("worker pass failed")
            db.session.remove()
            runner._rows_ready = False
        deadline = time.monotonic() + poll
        while not should_stop() and time.monotonic() < deadline:
            time.sleep(min(0.5, max(0.0, deadline - time.monotonic())))


def last_runs() -> dict[str, JobStatus]:
    """Every registered job with its last run and next due time (None before its first run): for health checks."""
    now = utcnow()
    rows = {row.name: row for row in db.session.scalars(select(JobState))}
    result = {}
    for job in registered(current_app):
        row = rows.get(job.name)
        result[job.name] = JobStatus(
            name=job.name, next_due_at=row and row.next_due_at, last_started_at=row and row.last_started_at,
            last_finished_at=row and row.last_finished_at, last_outcome=row and row.last_outcome,
            last_summary=row and row.last_summary,
            running=bool(row and row.claimed_until and row.claimed_until > now))
    return result


def _ensure_rows(jobs, now) -> None:
    """A row for each registered job, due now; an existing row (another worker's, an earlier run's) stays as it is."""
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        for job in jobs:
            connection.execute(insert(JobState).values(name=job.name, next_due_at=now, runs=0, failures=0)
                               .on_conflict_do_nothing(index_elements=["name"]))


def _claim(name, now, worker, lease_until) -> datetime | None:
    """The due time we now hold, or None when the job is not due or another worker holds it."""
    due = (JobState.name == name, JobState.next_due_at <= now,
           or_(JobState.claimed_until.is_(None), JobState.claimed_until <= now))
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            if connection.scalar(select(JobState.name).where(*due).with_for_update(skip_locked=True)) is None:
                return None
        row = connection.execute(update(JobState).where(*due)
                                 .values(claimed_by=worker, claimed_until=lease_until, last_started_at=now)
                                 .returning(JobState.next_due_at)).first()
    return row[0] if row else None


def _execute(job: Job, now) -> tuple[Ran, timedelta]:
    started = time.monotonic()
    try:
        result = job.run(now)
    except Exception as error:  # noqa: BLE001  a failed job is recorded on its row, never stops the worker
        db.session.rollback()
        log.exception("job %s failed", job.name)
        ran = Ran(job.name, "failed", f"{type(error).__name__}: {error}"[:2000])
    else:
        ran = Ran(job.name, "ok", None if result is None else str(result)[:2000])
    finally:
        db.session.remove()
    return ran, timedelta(seconds=time.monotonic() - started)


def _next_slot(due_at, now, every) -> datetime:
    """The first time after `now` on the grid due_at + k * every."""
    missed = (now - due_at) // every if now > due_at else 0
    return due_at + (missed + 1) * every


def _finish(job, due_at, now, elapsed, worker, lease_until, ran) -> None:
    values = _outcome_values(ran, now + elapsed, worker)
    with db.engine.begin() as connection:
        result = connection.execute(
            update(JobState).where(JobState.name == job.name, JobState.claimed_by == worker,
                                   JobState.claimed_until == lease_until)
            .values(next_due_at=_next_slot(due_at, now + elapsed, job.every), claimed_by=None, claimed_until=None,
                    **values))
    if result.rowcount == 0:
        log.warning("job %s ran longer than its lease; its outcome was not recorded", job.name)


def _record_local(job, now, elapsed, worker, ran) -> None:
    with db.engine.begin() as connection:
        connection.execute(update(JobState).where(JobState.name == job.name)
                           .values(last_started_at=now, next_due_at=now + job.every,
                                   **_outcome_values(ran, now + elapsed, worker)))


def _outcome_values(ran, finished_at, worker) -> dict:
    failed = ran.outcome == "failed"
    return {"last_finished_at": finished_at, "last_outcome": ran.outcome, "last_summary": ran.summary,
            "last_worker": worker, "runs": JobState.runs + 1, "failures": JobState.failures + int(failed)}
