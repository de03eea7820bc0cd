"""Which jobs exist: each room adds its own from create_app (explicitly, never as an import side effect)."""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

_KEY = "portal_jobs"


@dataclass(frozen=True)
class Job:
    name: str  # "room.what", e.g. "tickets.auto_close"; the key of its row in worker_jobs
    run: Callable[[datetime], object]
    every: timedelta
    exclusive: bool = True  # once per due time across all workers; False: each worker on its own schedule
    lease: timedelta | None = None  # how long a claim holds; None: PORTAL_JOB_LEASE_SECONDS


def add(app, name: str, run, *, every: float | timedelta, exclusive: bool = True,
        lease: float | timedelta | None = None) -> Job:
    """Register a job on this app; `every` and `lease` in seconds or as a timedelta."""
    jobs = app.extensions.setdefault(_KEY, {})
    if name in jobs:
        raise ValueError(f"job {name!r} is already registered")
    job = Job(name=name, run=run, every=_delta(every), exclusive=exclusive,
              lease=None if lease is None else _delta(lease))
    if job.every <= timedelta(0):
        raise ValueError(f"job {name!r}: `every` must be positive")
    jobs[name] = job
    return job


def registered(app) -> list[Job]:
    return list(app.extensions.get(_KEY, {}).values())


def _delta(value) -> timedelta:
    return value if isinstance(value, timedelta) else timedelta(seconds=float(value))
