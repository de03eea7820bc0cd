"""Keeping the indexes in step with the database, durably.

With the PostgreSQL backend (backend.py), the documents a flush changed are written into the search tables
just before the commit, in the same transaction: nothing is queued. With Whoosh, as follows.

Each app registers its sources explicitly (`register`, called from create_app). When a session flushes,
a row `(kind, id)` for each changed document goes into the `search_queue` table in the same transaction;
a rollback takes it away with the change. After the commit the queue is applied to the index and its
rows deleted; whatever fails stays queued and is retried by the next write, by `flask --app portal
search-sync` (the worker step) and repaired by `search-check`. A change in the database never stays out
of the index silently.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app, has_app_context
from sqlalchemy import delete, event, func, insert, select
from sqlalchemy.orm import Session

from ..extensions import db
from ..models_base import utcnow
from . import backend as backends
from . import index
from .models import IndexQueueEntry

log = logging.getLogger(__name__)

_EXTENSION = "portal_search"
_QUEUED = "search_queued"  # session.info: (kind, id) already queued in this transaction
_PENDING = "search_pending"  # session.info: (kind, id) to write before the commit (PostgreSQL backend)
RETRY_BATCH = 200  # older queued rows a write retries along with its own


@dataclass
class Registry:
    sources: dict[str, index.Source] = field(default_factory=dict)
    watched: list[tuple[type, str, Callable[[object], int | None]]] = field(default_factory=list)


def init_app(app) -> None:
    app.extensions[_EXTENSION] = Registry()
    for name, listener in (("after_flush", _queue), ("before_commit", _write_in_transaction), ("after_commit", _apply),
                           ("after_rollback", _forget)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def register(app, source: index.Source, watch: Iterable[tuple[type, Callable[[object], int | None]]] = ()) -> None:
    """Index `source` for this app; changes to rows of each watched model update document key(row)."""
    registry = _registry(app)
    registry.sources[source.name] = source
    for model, key in watch:
        registry.watched.append((model, source.name, key))


def _registry(app) -> Registry:
    return app.extensions[_EXTENSION]


def source(app, name: str) -> index.Source:
    return _registry(app).sources[name]


def sources(app) -> list[index.Source]:
    return list(_registry(app).sources.values())


def settings_for(app) -> index.IndexSettings:
    return index.IndexSettings(directory=app.config["PORTAL_SEARCH_INDEX_DIR"],
                               lock_timeout=float(app.config.get("PORTAL_SEARCH_LOCK_TIMEOUT", 10)))


def _current_registry() -> Registry | None:
    return current_app.extensions.get(_EXTENSION) if has_app_context() else None


def _queue(session, _flush_context):
    registry = _current_registry()
    if registry is None or not registry.watched:
        return
    in_transaction = not backends.current().uses_queue
    queued = session.info.setdefault(_PENDING if in_transaction else _QUEUED, set())
    fresh = []
    for obj in (*session.new, *session.dirty, *session.deleted):
        for model, name, key in registry.watched:
            if isinstance(obj, model):
                doc_id = key(obj)
                if doc_id is not None and (name, doc_id) not in queued:
                    queued.add((name, doc_id))
                    fresh.append({"kind": name, "doc_id": doc_id, "queued_at": utcnow()})
    if fresh and not in_transaction:
        session.connection().execute(insert(IndexQueueEntry.__table__), fresh)


def _write_in_transaction(session):
    """PostgreSQL backend: the documents this transaction changed are written in it, before it commits."""
    registry = _current_registry()
    if registry is None or not registry.watched or backends.current().uses_queue:
        return
    session.flush()  # commit flushes after this hook: the last changes must be in before their documents are read
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    by_kind: dict[str, set[int]] = {}
    for kind, doc_id in pending:
        by_kind.setdefault(kind, set()).add(doc_id)
    backend = backends.current()
    for kind, ids in sorted(by_kind.items()):
        backend.apply(registry.sources[kind], ids, connection=session.connection())


def _apply(session):
    queued = session.info.pop(_QUEUED, None)
    if not queued or _current_registry() is None:
        return
    try:
        apply_queue(current_app, own=queued)
    except Exception:  # the change is committed and its queue row stays: retried later, never a 500
        log.exception("search queue not applied after commit")


def _forget(session):
    session.info.pop(_QUEUED, None)
    session.info.pop(_PENDING, None)


@dataclass
class QueueRun:
    applied: int = 0  # queue rows done
    failed: int = 0  # queue rows left for the next try


def apply_queue(app, *, own: Iterable[tuple[str, int]] = (), limit: int = RETRY_BATCH) -> QueueRun:
    """Apply queued changes: this transaction's (`own`) and up to `limit` of the oldest others.

    Rows are read before the documents are loaded, so a row deleted here was committed before its
    document was read: a later change has a later row and is never deleted unapplied.
    """
    registry = _registry(app)
    table = IndexQueueEntry.__table__
    own_by_kind: dict[str, set[int]] = {}
    for kind, doc_id in own:
        own_by_kind.setdefault(kind, set()).add(doc_id)
    with db.engine.connect() as conn:
        rows = list(conn.execute(select(table.c.id, table.c.kind, table.c.doc_id).order_by(table.c.id).limit(limit)))
        for kind, ids in own_by_kind.items():
            rows += conn.execute(select(table.c.id, table.c.kind, table.c.doc_id)
                                 .where(table.c.kind == kind, table.c.doc_id.in_(sorted(ids))))
        conn.rollback()
    by_kind: dict[str, dict[int, set[int]]] = {}
    for row_id, kind, doc_id in rows:
        by_kind.setdefault(kind, {}).setdefault(doc_id, set()).add(row_id)
    result = QueueRun()
    backend = backends.for_app(app)
    for kind, docs in by_kind.items():
        row_ids = sorted(set().union(*docs.values()))
        src = registry.sources.get(kind)
        try:
            if src is None:
                raise LookupError(f"no search source named {kind!r}")
            backend.apply(src, docs)
        except Exception:
            log.exception("search index %s not updated for ids %s; they stay queued", kind, sorted(docs))
            result.failed += len(row_ids)
            continue
        with db.engine.begin() as conn:
            for start in range(0, len(row_ids), 500):
                conn.execute(delete(table).where(table.c.id.in_(row_ids[start:start + 500])))
        result.applied += len(row_ids)
    return result


def drain(app, *, batch: int = 500) -> QueueRun:
    """Apply the whole queue (the worker step); stops early when a pass makes no progress."""
    total = QueueRun()
    while True:
        run = apply_queue(app, limit=batch)
        total.applied += run.applied
        total.failed = run.failed
        if run.applied == 0 or run.applied + run.failed < batch:
            return total


def run_loop(app, interval: float, should_stop=lambda: False) -> QueueRun:
    total = QueueRun()
    while not should_stop():
        run = drain(app)
        total.applied += run.applied
        total.failed = run.failed
        time.sleep(interval)
    return total


def oldest_pending(app) -> datetime | None:
    """When the oldest change still waiting for the index was queued; None when the index is current."""
    with db.engine.connect() as conn:
        return conn.execute(select(func.min(IndexQueueEntry.queued_at))).scalar()


def reindex(app, names: list[str] | None = None) -> dict[str, int]:
    """Rebuild the indexes from the database; returns documents per index. Queued rows up to now are done."""
    backend = backends.for_app(app)
    counts = {}
    table = IndexQueueEntry.__table__
    for src in sources(app):
        if names and src.name not in names:
            continue
        with db.engine.connect() as conn:
            last = conn.execute(select(func.max(table.c.id)).where(table.c.kind == src.name)).scalar()
        counts[src.name] = backend.rebuild(src)
        if last is not None:
            with db.engine.begin() as conn:
                conn.execute(delete(table).where(table.c.kind == src.name, table.c.id <= last))
    return counts
