"""The Whoosh backend: on-disk indexes in PORTAL_SEARCH_INDEX_DIR (index.py, query.py), kept current
through the durable search_queue (sync.py). Right for one machine: the index cannot be shared."""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import select

from ..extensions import db
from . import index, query
from .index import IndexSettings, Source


class WhooshBackend:
    name = "whoosh"
    uses_queue = True

    def __init__(self, app):
        self.settings = IndexSettings(directory=app.config["PORTAL_SEARCH_INDEX_DIR"],
                                      lock_timeout=float(app.config.get("PORTAL_SEARCH_LOCK_TIMEOUT", 10)))
        self.reindex_procs = int(app.config.get("PORTAL_SEARCH_REINDEX_PROCS", 1))

    def apply(self, source: Source, ids: Iterable[int], *, connection=None) -> None:
        index.apply(self.settings, source, ids)

    def rebuild(self, source: Source) -> int:
        return index.rebuild(self.settings, source, procs=self.reindex_procs)

    def ready(self, sources: list[Source]) -> bool:
        return all(index.exists(self.settings, source.name) for source in sources)

    def heal(self, sources: list[Source]) -> list[str]:
        """Rebuild each index that cannot be opened: missing, damaged, or written by a release whose analyzer
        is gone (its pickled schema no longer loads). Returns the names rebuilt."""
        rebuilt = []
        for source in sources:
            try:
                index.open_index(self.settings, source.name).close()
            except index.IndexUnavailable:
                index.rebuild(self.settings, source, procs=self.reindex_procs)
                rebuilt.append(source.name)
        return rebuilt

    def document_count(self, kind: str) -> int:
        return index.document_count(self.settings, kind)

    def stored_digests(self, kind: str) -> dict[int, str | None]:
        return index.stored_digests(self.settings, kind)

    def search(self, kind, text, fields, *, hide=None, page=1, per_page=10, ranked=False, synonym_groups=()):
        return query.search(self.settings, kind, text, fields, hide=hide, page=page, per_page=per_page,
                            ranked=ranked, synonym_groups=synonym_groups)

    def search_ids(self, kind, text, fields, *, exact_field=None, within=None, limit=500):
        found = query.search_ids(self.settings, kind, text, fields, exact_field=exact_field, limit=limit)
        if within is None or not found.ids:
            return found
        # The index knows nothing of the access policy: the database keeps the ids the person may see.
        allowed = within.subquery()
        column = list(allowed.c)[0]
        kept = set(db.session.scalars(select(column).where(column.in_(found.ids))))
        ids = [i for i in found.ids if i in kept]
        return query.SearchResult(ids, len(ids), found.terms, more=found.more)

    def did_you_mean(self, kind, text, fields, *, hide=None):
        return query.did_you_mean(self.settings, kind, text, fields, hide=hide)

    def more_like(self, kind, doc_id, text, field_name, *, hide=None, top=5):
        return query.more_like(self.settings, kind, doc_id, text, field_name, hide=hide, top=top)

    def similar_groups(self, kind, texts, field_name, *, ratio=0.4, numterms=10):
        return query.similar_groups(self.settings, kind, texts, field_name, ratio=ratio, numterms=numterms)
