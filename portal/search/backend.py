"""The one interface callers use to search and to keep the search current, and the choice of backend.

PORTAL_SEARCH_BACKEND:
    auto      (default) PostgreSQL's own full-text search when the database is PostgreSQL, Whoosh otherwise
    whoosh    the on-disk Whoosh index (one machine; changes go through the durable search_queue)
    postgres  tables in the database itself (any number of app servers; written in the change's transaction)

Both backends share the Persian analyzer (analyzer.py) and the ranking rules (ranking.py); callers get ids
and plain strings back, never a backend's objects.
"""
from __future__ import annotations

from typing import Iterable, Protocol

from flask import current_app

from .index import IndexUnavailable, Source
from .query import SearchResult

AUTO, WHOOSH, POSTGRES = "auto", "whoosh", "postgres"
CHOICES = (AUTO, WHOOSH, POSTGRES)
_EXTENSION = "portal_search_backend"


class Backend(Protocol):
    name: str
    uses_queue: bool  # True: changes reach the index after commit through search_queue (sync.py)

    def apply(self, source: Source, ids: Iterable[int], *, connection=None) -> None:
        """Bring these documents up to date (add, replace, remove); `connection`: inside that transaction."""

    def rebuild(self, source: Source) -> int:
        """Index every document of the source again; returns how many."""

    def ready(self, sources: list[Source]) -> bool:
        """The index of every source can be read."""

    def heal(self, sources: list[Source]) -> list[str]:
        """Rebuild what cannot be read (the worker's first step); returns the kinds rebuilt."""

    def document_count(self, kind: str) -> int: ...

    def stored_digests(self, kind: str) -> dict[int, str | None]:
        """Every indexed id and the fingerprint of what was indexed (search-check)."""

    def search(self, kind: str, text: str, fields: dict[str, float], *, hide: dict[str, str] | None = None,
               page: int = 1, per_page: int = 10, ranked: bool = False,
               synonym_groups: list[list[str]] = ()) -> SearchResult:
        """One page of ids best first and the total (up to query.MAX_RESULTS); `hide`: status values left out."""

    def search_ids(self, kind: str, text: str, fields: dict[str, float], *, exact_field: str | None = None,
                   within=None, limit: int = 500) -> SearchResult:
        """Up to `limit` ids best first, and whether more match. `within`: a SELECT of one id column; only ids it
        returns come back (the access policy, applied inside the query where the backend can). Whoosh ranks every
        match; PostgreSQL ranks the newest `limit` (pg_candidates.py)."""

    def did_you_mean(self, kind: str, text: str, fields: list[str], *,
                     hide: dict[str, str] | None = None) -> str | None: ...

    def more_like(self, kind: str, doc_id: int, text: str, field_name: str, *,
                  hide: dict[str, str] | None = None, top: int = 5) -> list[int]: ...

    def similar_groups(self, kind: str, texts: dict[int, str], field_name: str, *,
                       ratio: float = 0.4, numterms: int = 10) -> list[list[int]]: ...


def chosen_name(app) -> str:
    """The backend this app uses: the setting, with `auto` decided by the database."""
    setting = str(app.config.get("PORTAL_SEARCH_BACKEND") or AUTO).strip().lower()
    if setting not in CHOICES:
        raise ValueError(f"PORTAL_SEARCH_BACKEND must be one of {', '.join(CHOICES)}, not {setting!r}")
    if setting == AUTO:
        uri = str(app.config.get("SQLALCHEMY_DATABASE_URI") or "")
        return POSTGRES if uri.startswith("postgresql") else WHOOSH
    return setting


def for_app(app) -> Backend:
    backend = app.extensions.get(_EXTENSION)
    if backend is None:
        name = chosen_name(app)
        if name == POSTGRES:
            from .postgres import PostgresBackend

            backend = PostgresBackend()
        else:
            from .whoosh_backend import WhooshBackend

            backend = WhooshBackend(app)
        app.extensions[_EXTENSION] = backend
    return backend


def current() -> Backend:
    return for_app(current_app)


__all__ = ["Backend", "IndexUnavailable", "SearchResult", "current", "for_app", "chosen_name"]
