"""Opening, writing and rebuilding the on-disk Whoosh indexes.

Each kind of document ("articles", "tickets") has its own index in a sub-directory of the index
directory. Several processes may write at once: Whoosh's write lock serialises them; a writer
waits for the lock (timeout) and the whole batch is retried, so a busy index delays a change but
does not drop it.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from whoosh import index as whoosh_index
from whoosh.fields import Schema
from whoosh.index import LockError

log = logging.getLogger(__name__)


class IndexUnavailable(RuntimeError):
    """The index is missing or cannot be read; `flask --app portal reindex` rebuilds it."""


@dataclass(frozen=True)
class IndexSettings:
    directory: str
    lock_timeout: float = 10.0
    attempts: int = 3
    limitmb: int = 128


@dataclass(frozen=True)
class Source:
    """How one kind of document reaches its index: the schema, and loaders over the database."""

    name: str
    schema: Schema
    # (ids, bind=None) -> {id: fields, or None when it must leave the index}; bind: read through that connection
    load: Callable[..., dict[int, dict | None]]
    all_ids: Callable[[], Iterable[int]]


def _path(settings: IndexSettings, name: str) -> Path:
    return Path(settings.directory) / name


def exists(settings: IndexSettings, name: str) -> bool:
    """A table of contents is there (it may still be damaged: open_index tells)."""
    path = _path(settings, name)
    return path.is_dir() and any(path.glob("_MAIN_*.toc"))  # Whoosh names the default index MAIN


OPEN_ATTEMPTS = 8  # another process's commit may remove the TOC or segment we just listed: look again


def _retrying_vanished(what: Callable, name: str, path: Path):
    """Run `what` again when a file it listed was removed by a concurrent commit before it was opened."""
    for attempt in range(1, OPEN_ATTEMPTS + 1):
        try:
            return what()
        except FileNotFoundError as error:
            if attempt == OPEN_ATTEMPTS:
                raise IndexUnavailable(f"search index {name!r} at {path} kept changing: {error}") from error
            time.sleep(0.005 * attempt)
        except IndexUnavailable:
            raise
        except Exception as error:  # a damaged TOC or segment shows up as any of several errors
            raise IndexUnavailable(f"search index {name!r} at {path} cannot be opened: {error}") from error


def open_index(settings: IndexSettings, name: str):
    """The index for reading; IndexUnavailable when it is missing or damaged."""
    path = _path(settings, name)
    if not exists(settings, name):
        raise IndexUnavailable(f"search index {name!r} is missing at {path}")
    return _retrying_vanished(lambda: whoosh_index.open_dir(str(path)), name, path)


def _open_searcher(settings: IndexSettings, name: str):
    ix = open_index(settings, name)
    try:
        return ix, ix.searcher()
    except BaseException:
        ix.close()
        raise


_KEPT_SEARCHERS = 8  # per thread: an index or two per app, a few apps in one process under test
_kept = threading.local()


def _stamp(path: Path):
    """What changes whenever the index does: every commit writes a new table of contents, a rebuild a new directory."""
    try:
        newest = max(path.glob("_MAIN_*.toc"), key=lambda toc: int(toc.stem.rsplit("_", 1)[1]))
        toc = newest.stat()
        return path.stat().st_ino, newest.name, toc.st_ino, toc.st_mtime_ns, toc.st_size
    except (ValueError, FileNotFoundError):  # none yet, or a commit removed the one listed: open afresh
        return None


@contextmanager
def searcher(settings: IndexSettings, name: str):
    """A searcher over the index as it is now. Each thread keeps its searchers open while the index is unchanged:
    opening one reads the table of contents and every segment's column offsets, milliseconds a search."""
    path = _path(settings, name)
    if not exists(settings, name):
        raise IndexUnavailable(f"search index {name!r} is missing at {path}")
    kept: OrderedDict = _kept.__dict__.setdefault("searchers", OrderedDict())
    key = (os.getpid(), str(path))  # a forked child never reads through its parent's open files
    stamp = _stamp(path)
    held = kept.pop(key, None)
    if held is not None and (held[0] != stamp or stamp is None):
        _close(held)
        held = None
    if held is None:
        held = (stamp, *_retrying_vanished(lambda: _open_searcher(settings, name), name, path))
    try:
        yield held[2]
    except BaseException:
        _close(held)  # a failed read may have left the searcher unusable
        raise
    kept[key] = held
    while len(kept) > _KEPT_SEARCHERS:
        _close(kept.popitem(last=False)[1])


def _close(held) -> None:
    _, ix, s = held
    s.close()
    ix.close()


def digest(fields: dict) -> str:
    """A fingerprint of a document's fields: equal when the index holds what the database says."""
    data = json.dumps({k: v for k, v in fields.items() if k != "digest"}, sort_keys=True, ensure_ascii=False,
                      default=str)
    return hashlib.blake2b(data.encode("utf-8"), digest_size=12).hexdigest()


def _stamped(fields: dict) -> dict:
    return {**fields, "digest": digest(fields)}


def _schema_matches(ix, source: Source) -> bool:
    return set(ix.schema.names()) == set(source.schema.names())


@contextmanager
def _creation_lock(settings: IndexSettings):
    """Only one process creates or rebuilds an index at a time (Whoosh's own lock lives inside it)."""
    root = Path(settings.directory)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".create.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _writer(ix, settings: IndexSettings):
    return ix.writer(timeout=settings.lock_timeout, delay=0.05, limitmb=settings.limitmb)


def apply(settings: IndexSettings, source: Source, ids: Iterable[int]) -> None:
    """Bring the given documents up to date with the database (add, replace or remove)."""
    ids = sorted(set(ids))
    if not ids:
        return
    if not exists(settings, source.name):
        rebuild(settings, source)  # a missing index heals on the next change, with everything in it
        return
    for attempt in range(1, settings.attempts + 1):
        ix = open_index(settings, source.name)
        if not _schema_matches(ix, source):  # written by an older release: start again with every document
            ix.close()
            rebuild(settings, source)
            return
        try:
            try:
                writer = _writer(ix, settings)
            except LockError:
                log.warning("search index %s busy (attempt %d of %d)", source.name, attempt, settings.attempts)
                time.sleep(0.1 * attempt)
                continue
            try:
                # Read the rows while holding the lock: a process that read them earlier and waited for the
                # lock would otherwise write an older version over a newer one.
                documents = source.load(ids)
                for doc_id in ids:
                    fields = documents.get(doc_id)
                    if fields is None:
                        writer.delete_by_term("id", str(doc_id))
                    else:
                        writer.update_document(id=str(doc_id), **_stamped(fields))
                writer.commit()
                return
            except Exception:
                writer.cancel()
                raise
        finally:
            ix.close()
    raise LockError(f"search index {source.name!r} stayed locked; run `flask --app portal reindex`")


def rebuild(settings: IndexSettings, source: Source, *, batch_size: int = 2000, procs: int = 1) -> int:
    """Recreate the index from the database; returns the number of documents indexed.

    procs > 1: that many writer processes analyse and write the documents this process loads, each into its
    own segment (left unmerged: merging would cost what the processes saved; later commits merge them)."""
    with _creation_lock(settings):
        path = _path(settings, source.name)
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
        ix = whoosh_index.create_in(str(path), source.schema)
        try:
            writer = _writer(ix, settings) if procs <= 1 else ix.writer(
                procs=procs, multisegment=True, limitmb=max(32, settings.limitmb // procs))
            count = 0
            batch: list[int] = []
            for doc_id in source.all_ids():
                batch.append(doc_id)
                if len(batch) >= batch_size:
                    count += _add_batch(writer, source, batch)
                    batch = []
            count += _add_batch(writer, source, batch)
            writer.commit()
        finally:
            ix.close()
    return count


def _add_batch(writer, source: Source, ids: list[int]) -> int:
    added = 0
    for doc_id, fields in source.load(ids).items():
        if fields is not None:
            writer.add_document(id=str(doc_id), **_stamped(fields))
            added += 1
    return added


def bulk_add(settings: IndexSettings, source: Source, documents: Iterable[tuple[int, dict]],
             *, commit_every: int = 20_000) -> int:
    """Add many new documents fast (benchmarks, imports): one writer, periodic commits."""
    count = 0
    ix = open_index(settings, source.name) if exists(settings, source.name) else _create(settings, source)
    writer = _writer(ix, settings)
    for doc_id, fields in documents:
        writer.add_document(id=str(doc_id), **_stamped(fields))
        count += 1
        if count % commit_every == 0:
            writer.commit()
            writer = _writer(ix, settings)
    writer.commit()
    ix.close()
    return count


def _create(settings: IndexSettings, source: Source):
    with _creation_lock(settings):
        path = _path(settings, source.name)
        path.mkdir(parents=True, exist_ok=True)
        if whoosh_index.exists_in(str(path)):
            return whoosh_index.open_dir(str(path))
        return whoosh_index.create_in(str(path), source.schema)


def document_count(settings: IndexSettings, name: str) -> int:
    with searcher(settings, name) as s:
        return s.doc_count()


def stored_digests(settings: IndexSettings, name: str) -> dict[int, str | None]:
    """Every document's id and fingerprint, read from the index's stored fields."""
    with searcher(settings, name) as s:
        return {int(fields["id"]): fields.get("digest") for fields in s.all_stored_fields()}
