"""/healthz: is the process alive? /readyz: may it take traffic? For load balancers and monitors, without signing in.

The answer names each check and its state, nothing more: no counts, paths, versions or errors go to
the public (they are logged). 200 when every check passes, 503 otherwise.
"""
import logging

from flask import Blueprint, current_app
from sqlalchemy import text

from .extensions import db, limiter
from .models_base import utcnow
from .search import backend as search_backend
from .search import sync

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """Alive and answering: no database, no details."""
    return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


def _database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except Exception:
        log.exception("readiness: database check failed")
        db.session.rollback()
        return "failing"


def _search_index() -> str:
    """The active backend's index can be read ("missing" when not); "lagging" when a change has waited longer
    than PORTAL_READYZ_MAX_INDEX_LAG seconds for it (Whoosh's queue; PostgreSQL's index never lags)."""
    try:
        if not search_backend.current().ready(sync.sources(current_app)):
            return "missing"
        oldest = sync.oldest_pending(current_app)
    except Exception:
        log.exception("readiness: search index check failed")
        return "failing"
    if oldest is not None:
        lag = (utcnow() - oldest).total_seconds()
        if lag > float(current_app.config["PORTAL_READYZ_MAX_INDEX_LAG"]):
            log.warning("readiness: search index lags the database by %.0f s", lag)
            return "lagging"
    return "ok"


def _redis() -> str:
    try:
        import redis

        redis.Redis.from_url(current_app.config["RATELIMIT_STORAGE_URI"], socket_timeout=2).ping()
        return "ok"
    except Exception:
        log.exception("readiness: redis check failed")
        return "failing"


def _worker(silence_seconds: float) -> str:
    """"silent" when no background job has finished within the allowed silence (the worker is down)."""
    from .jobs.runner import last_runs

    try:
        finished = [s.last_finished_at for s in last_runs().values() if s.last_finished_at]
    except Exception:
        log.exception("readiness: worker check failed")
        db.session.rollback()
        return "failing"
    if not finished or (utcnow() - max(finished)).total_seconds() > silence_seconds:
        log.warning("readiness: no background job finished within %.0f s", silence_seconds)
        return "silent"
    return "ok"


@bp.get("/readyz")
@limiter.exempt
def readyz():
    checks = {"database": _database(), "search_index": _search_index()}
    if str(current_app.config.get("RATELIMIT_STORAGE_URI") or "").startswith(("redis://", "rediss://")):
        checks["redis"] = _redis()
    silence = current_app.config.get("PORTAL_READYZ_WORKER_SILENCE")
    if silence:
        checks["worker"] = _worker(float(silence))
    ready = all(state == "ok" for state in checks.values())
    body = {"status": "ready" if ready else "not ready", "checks": checks}
    return body, 200 if ready else 503, {"Cache-Control": "no-store"}
