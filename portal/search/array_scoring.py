"""Scoring a query over a Whoosh index a term at a time, with arrays: the FAQ's ranked query on a large FAQ.

Whoosh's own collector walks every match through a tree of matchers in Python, a few microseconds per posting
and per tree level; a ranked query with typos and synonyms has dozens of terms that thousands of articles hold.
Here each term's postings are read a block at a time and scored as arrays with the same BM25F as Whoosh's
(its idf, average field lengths and parameters), so the scores are Whoosh's. Postings and field lengths of a
segment never change once written (deletions are a separate mask), so each process keeps the recent ones.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh.query import And, Or, Term
from whoosh.scoring import BM25F

from .recent import Recent

# Postings at 16 bytes each: 2 million is every posting of a 10k-article FAQ, 32 MB a process at most.
_postings = Recent(2_000_000, size=lambda postings: len(postings[0]))
_lengths = Recent(64)  # (segment, field) arrays


@dataclass
class Scored:
    """Per document number of the whole index: its score, and for each term text whether the document holds it."""

    scores: np.ndarray
    matched: np.ndarray
    held: dict[str, np.ndarray]


def _read_postings(reader, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """A term's document numbers and weights (term frequencies) in one segment, deleted documents included."""
    matcher = reader.postings(field, text)
    matcher = getattr(matcher, "child", matcher)  # past the filter of deleted documents: masked separately
    ids: list = []
    weights: list = []
    if hasattr(matcher, "_read_ids") and hasattr(matcher, "_next_block"):  # a block at a time when the codec allows
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            ids.extend(matcher._ids)
            weights.extend(matcher._weights)
            matcher._next_block()
    else:
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64)


def _segment_key(reader) -> str:
    return reader.segment().segment_id()


def _postings_of(reader, field: str, text: str):
    if (field, text) not in reader:
        return None
    return _postings.get((_segment_key(reader), field, text), lambda: _read_postings(reader, field, text))


def _field_lengths(reader, field: str) -> np.ndarray:
    def read():
        return np.array([reader.doc_field_length(n, field, 1) or 1 for n in range(reader.doc_count_all())],
                        dtype=np.float64)

    return _lengths.get((_segment_key(reader), field), read)


class _Segment:
    """One segment's share of the scoring: its document numbers start at `offset` in the whole index."""

    def __init__(self, top, reader, offset: int, size: int):
        self.top, self.reader, self.offset, self.size = top, reader, offset, size
        weighting = top.weighting
        self.K1, self.B = weighting.K1, weighting.B
        self.field_B = weighting._field_B

    def term(self, node: Term) -> tuple[np.ndarray, np.ndarray]:
        scores, matched = np.zeros(self.size), np.zeros(self.size, dtype=bool)
        postings = _postings_of(self.reader, node.fieldname, node.text)
        if postings is None:
            return scores, matched
        ids, tf = postings
        field = node.fieldname
        idf = self.top.idf(field, node.text)
        average = self.top.avg_field_length(field) or 1
        b = self.field_B.get(field, self.B)
        lengths = _field_lengths(self.reader, field)[ids]
        scores[ids] = idf * (tf * (self.K1 + 1)) / (tf + self.K1 * ((1 - b) + b * lengths / average))
        matched[ids] = True
        return scores * node.boost, matched

    def evaluate(self, node, held: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """(score, matches) of a query tree of Term, Or and And, as Whoosh scores it: the sum of what matches."""
        if isinstance(node, Term):
            scores, matched = self.term(node)
            held[node.text] = held[node.text] | matched if node.text in held else matched
            return scores, matched
        if not isinstance(node, (Or, And)):
            raise TypeError(f"array scoring reads Term, Or and And, not {type(node).__name__}")
        parts = [self.evaluate(child, held) for child in node.subqueries]
        scores = np.sum([s for s, _ in parts], axis=0) if parts else np.zeros(self.size)
        combine = np.logical_or if isinstance(node, Or) else np.logical_and
        matched = combine.reduce([m for _, m in parts]) if parts else np.zeros(self.size, dtype=bool)
        return np.where(matched, scores * node.boost, 0.0), matched

    def excluded(self, hide: dict[str, str] | None) -> np.ndarray:
        out = np.zeros(self.size, dtype=bool)
        deleted = list(self.reader.deleted_docs_set) if self.reader.has_deletions() else []
        out[np.asarray(deleted, dtype=np.int64)] = True
        for field, value in (hide or {}).items():
            postings = _postings_of(self.reader, field, value)
            if postings is not None:
                out[postings[0]] = True
        return out


def score(searcher, query, *, hide: dict[str, str] | None = None) -> Scored:
    """Scores for every document of the index (document numbers as Whoosh's); hidden and deleted ones match nothing.

    Only a BM25F searcher is supported: the ranked FAQ query is scored with the searcher's own parameters.
    """
    if not isinstance(searcher.weighting, BM25F):
        raise TypeError("array scoring implements BM25F only")
    parts = []
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        segment = _Segment(searcher, reader, offset, reader.doc_count_all())
        held: dict[str, np.ndarray] = {}
        scores, matched = segment.evaluate(query, held)
        gone = segment.excluded(hide)
        parts.append((np.where(gone, 0.0, scores), matched & ~gone, {t: h & ~gone for t, h in held.items()}))
    texts = {t for _, _, held in parts for t in held}
    return Scored(np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]),
                  {t: np.concatenate([p[2].get(t, np.zeros(len(p[0]), dtype=bool)) for p in parts]) for t in texts})
