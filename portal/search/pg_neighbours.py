"""Typo neighbours for PostgreSQL's search: the words documents hold (search_words) within a word's allowed edits,
found by pg_trgm's trigram index and confirmed by the edit distance (the first letter may be wrong, a swap of
neighbours counts as one edit)."""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import text

from ..extensions import db
from .pg_terms import lexeme, osa_distance, term_of
from .ranking import _transpositions

TRIGRAM_THRESHOLD = 0.2  # low enough for a 4-letter word with one letter wrong; the edit distance decides
CANDIDATES_PER_WORD = 60


def _trigram_threshold_set() -> None:
    """pg_trgm's `%` threshold for this pooled connection, set once: the default (0.3) misses short words."""
    connection = db.session.connection()
    info = connection.connection.info
    if info.get("trigram_threshold") != TRIGRAM_THRESHOLD:
        connection.execute(text(f"SET pg_trgm.similarity_threshold = {TRIGRAM_THRESHOLD}"))
        info["trigram_threshold"] = TRIGRAM_THRESHOLD


def typo_neighbours(kind: str, words: list[tuple[str, int]], halves: Iterable[str] = ()) -> dict[str, set[str]]:
    """For each (word, allowed edits): the known words within that many edits (first letter included,
    a swap of neighbours counting as one). Under the key "" : which of `halves` are known words."""
    words = [(w, d) for w, d in dict(words).items() if d]
    if not words:
        return {}
    _trigram_threshold_set()
    parts, params = [], {"kind": kind}
    swaps = {w: set(_transpositions(w)) for w, _ in words}
    for i, (word, distance) in enumerate(words):
        params.update({f"w{i}": word, f"lo{i}": len(word) - distance, f"hi{i}": len(word) + distance,
                       f"s{i}": sorted(swaps[word]), f"n{i}": CANDIDATES_PER_WORD})
        parts.append(f"(SELECT {i} AS i, word FROM search_words WHERE kind = :kind AND "
                     f"((word % :w{i} AND char_length(word) BETWEEN :lo{i} AND :hi{i}) "
                     f"OR word = ANY(CAST(:s{i} AS text[]))) "
                     f"ORDER BY similarity(word, :w{i}) DESC LIMIT :n{i})")
    halves = sorted(set(halves))
    if halves:
        params["halves"] = halves
        parts.append("(SELECT -1 AS i, word FROM search_words WHERE kind = :kind "
                     "AND word = ANY(CAST(:halves AS text[])))")
    found: dict[str, set[str]] = {w: set() for w, _ in words}
    found[""] = set()
    for i, candidate in db.session.execute(text(" UNION ALL ".join(parts)), params):
        if i < 0:
            found[""].add(candidate)
            continue
        word, distance = words[i]
        if candidate != word and (candidate in swaps[word] or osa_distance(word, candidate, distance) <= distance):
            found[word].add(candidate)
    return found


def indexed(kind: str, queries: list[str], hidden: list[str] = ()) -> set[int]:
    """Which of these one-lexeme tsqueries a document of the kind holds (by position), one whose status is not
    `hidden`: a GIN lookup each, next to nothing for a lexeme no document has."""
    if not queries:
        return set()
    unhidden = " AND NOT (status = ANY(CAST(:hidden AS text[])))" if hidden else ""
    sql = ("SELECT u.n FROM unnest(CAST(:queries AS text[])) WITH ORDINALITY AS u(q, n) WHERE EXISTS "
           f"(SELECT 1 FROM search_documents WHERE kind = :kind{unhidden} AND vector @@ CAST(u.q AS tsquery))")
    params = {"queries": queries, "kind": kind, **({"hidden": list(hidden)} if hidden else {})}
    return set(n - 1 for n in db.session.scalars(text(sql), params))


def corrected_query(kind: str, words: list[str], letters: str, hidden: list[str] = ()) -> str | None:
    """"Did you mean": the words (normalised, not stemmed) with each that no document holds replaced by its closest
    neighbour that a document whose status is not `hidden` holds in the fields of `letters`; None when nothing
    changes."""
    if not words:
        return None

    def present(candidates: list[str]) -> set[int]:
        return indexed(kind, [lexeme(term_of(c), letters) for c in candidates], hidden)

    known = present(words)
    unknown = [(w, 2 if len(w) > 4 else 1) for i, w in enumerate(words) if i not in known]
    if not unknown:
        return None
    neighbours = typo_neighbours(kind, unknown)
    candidates = sorted({c for found in neighbours.values() for c in found})
    usable = {candidates[n] for n in present(candidates)} if candidates else set()
    corrected, changed = [], False
    for i, word in enumerate(words):
        options = [c for c in neighbours.get(word, ()) if c in usable] if i not in known else []
        if options:
            limit = 2 if len(word) > 4 else 1
            best = min(options, key=lambda c: (osa_distance(word, c, limit), c[:1] != word[:1], c))
            corrected.append(best)
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else None
