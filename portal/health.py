"""/readyz: may this process take traffic? For load balancers and monitors, without signing in.

The answer names each check and its state, nothing more: no counts, paths, versions or errors go to
the public (they are logged). 200 when every check passes, 503 otherwise.
"""
import logging

from flask import Blueprint, current_app
from sqlalchemy import text

from .extensions import db, limiter
from .models_base import utcnow
from .search import index, sync

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__)


def _database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except Exception:
        log.exception("readiness: database check failed")
        db.session.rollback()
        return "failing"


def _search_index() -> str:
    """"lagging" when a change has waited longer than PORTAL_READYZ_MAX_INDEX_LAG seconds for the index."""
    try:
        settings = sync.settings_for(current_app)
        if not all(index.exists(settings, source.name) for source in sync.sources(current_app)):
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


@bp.get("/readyz")
@limiter.exempt
def readyz():
    checks = {"database": _database(), "search_index": _search_index()}
    ready = all(state == "ok" for state in checks.values())
    body = {"status": "ready" if ready else "not ready", "checks": checks}
    return body, 200 if ready else 503, {"Cache-Control": "no-store"}
