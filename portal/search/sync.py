"""Keeping the indexes in step with the database: ids of changed rows are collected when the session
flushes and applied after the commit; a rollback drops them. Rooms register what to watch."""
from __future__ import annotations

import logging
from typing import Callable

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from . import index

log = logging.getLogger(__name__)

_PENDING = "search_pending"
_sources: dict[str, index.Source] = {}
_watched: list[tuple[type, str, Callable[[object], int | None]]] = []


def register_source(source: index.Source) -> None:
    _sources[source.name] = source


def source(name: str) -> index.Source:
    return _sources[name]


def sources() -> list[index.Source]:
    return list(_sources.values())


def watch(model: type, source_name: str, key: Callable[[object], int | None] = lambda obj: obj.id) -> None:
    """Changes to rows of `model` update the document key(row) of index `source_name`."""
    entry = (model, source_name, key)
    if entry not in _watched:
        _watched.append(entry)


def settings_for(app) -> index.IndexSettings:
    return index.IndexSettings(directory=app.config["PORTAL_SEARCH_INDEX_DIR"],
                               lock_timeout=float(app.config.get("PORTAL_SEARCH_LOCK_TIMEOUT", 10)))


@event.listens_for(Session, "after_flush")
def _collect(session, _flush_context):
    if not _watched:
        return
    for obj in (*session.new, *session.dirty, *session.deleted):
        for model, name, key in _watched:
            if isinstance(obj, model):
                doc_id = key(obj)
                if doc_id is not None:
                    session.info.setdefault(_PENDING, {}).setdefault(name, set()).add(doc_id)


@event.listens_for(Session, "after_commit")
def _apply(session):
    pending = session.info.pop(_PENDING, None)
    if not pending or not has_app_context():
        return
    settings = settings_for(current_app)
    for name, ids in pending.items():
        try:
            index.apply(settings, _sources[name], ids)
        except Exception:  # the data is committed; a stale index is mended by `reindex`, never by a 500
            log.exception("search index %s not updated for ids %s", name, sorted(ids))


@event.listens_for(Session, "after_rollback")
def _forget(session):
    session.info.pop(_PENDING, None)


def reindex(app, names: list[str] | None = None) -> dict[str, int]:
    """Rebuild the indexes from the database; returns documents per index."""
    settings = settings_for(app)
    return {s.name: index.rebuild(settings, s) for s in sources() if not names or s.name in names}
