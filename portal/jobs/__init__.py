"""Background jobs: a registry the rooms add their jobs to from create_app, and the runner the worker loops on.

    jobs.add(app, "tickets.auto_close", auto_close.run, every=3600)

A job is a function of `now` (naive UTC) that does its work in its own transactions and may return a short
summary. Exclusive jobs (the default) run once per due time across every worker, through a claimed row in
`worker_jobs`; a job that claims its own work (the outbox) may say exclusive=False and then runs on every worker.
"""
from .registry import Job, add, registered
from .runner import JobStatus, last_runs, run_due

__all__ = ["Job", "JobStatus", "add", "last_runs", "registered", "run_due"]
