"""search-check: what the database holds against what each index holds, and the repair.

Every id is compared (documents missing from the index, documents the database no longer has), and
for a sample of documents the stored fingerprint of the indexed fields against the database's current
fields (a changed ticket or article whose update never reached the index). Repair applies the
difference through the same path as a normal change.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from . import backend as backends
from . import index, sync


@dataclass
class SourceCheck:
    name: str
    in_database: int = 0
    in_index: int = 0
    missing: list[int] = field(default_factory=list)  # in the database, not in the index
    extra: list[int] = field(default_factory=list)  # in the index, gone from the database
    stale: list[int] = field(default_factory=list)  # indexed fields differ from the database (sampled)
    sampled: int = 0
    unavailable: str | None = None  # the index could not be read: rebuilt on repair
    repaired: bool = False

    @property
    def consistent(self) -> bool:
        return self.unavailable is None and not (self.missing or self.extra or self.stale)


def check_source(backend: backends.Backend, source: index.Source, *, sample: int = 200,
                 rng: random.Random | None = None) -> SourceCheck:
    result = SourceCheck(source.name)
    db_ids = set(source.all_ids())
    result.in_database = len(db_ids)
    try:
        stored = backend.stored_digests(source.name)
    except index.IndexUnavailable as error:
        result.unavailable = str(error)
        return result
    result.in_index = len(stored)
    result.missing = sorted(db_ids - stored.keys())
    result.extra = sorted(stored.keys() - db_ids)
    common = sorted(db_ids & stored.keys())
    chosen = common if len(common) <= sample else sorted((rng or random.Random()).sample(common, sample))
    result.sampled = len(chosen)
    for start in range(0, len(chosen), 500):
        batch = chosen[start:start + 500]
        for doc_id, fields in source.load(batch).items():
            if fields is not None and index.digest(fields) != stored.get(doc_id):
                result.stale.append(doc_id)
    return result


def check(app, *, sample: int = 200, repair: bool = True, names: list[str] | None = None) -> list[SourceCheck]:
    """Compare every registered index with the database; with repair, bring each one up to date."""
    backend = backends.for_app(app)
    results = []
    for source in sync.sources(app):
        if names and source.name not in names:
            continue
        result = check_source(backend, source, sample=sample)
        if repair and not result.consistent:
            if result.unavailable:
                backend.rebuild(source)
            else:
                backend.apply(source, result.missing + result.extra + result.stale)
            result.repaired = True
        results.append(result)
    return results
