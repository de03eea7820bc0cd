"""The words a Whoosh index holds, for typo lookups.

Whoosh's own lookup (terms_within) walks a Levenshtein automaton through the on-disk word list, a few
milliseconds a word on a large FAQ. Here each segment's words are read once (a segment never changes once
written; a change adds a small one) and compared with the typed word in compiled code (rapidfuzz), by optimal
string alignment: a swap of two neighbouring letters is one edit, as people make it, and the first letter may be
wrong.
"""
from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .recent import Recent

_words = Recent(64)  # (segment, field) word lists: a few fields of a few indexes, each in a few segments


def _by_length(reader, spelling: str) -> dict[int, list[str]]:
    """One segment's words of a field, by length (a word more than `distance` letters longer is never within)."""
    def read() -> dict[int, list[str]]:
        grouped: dict[int, list[str]] = {}
        for word in reader.lexicon(spelling):
            word = word.decode("utf-8") if isinstance(word, bytes) else word
            grouped.setdefault(len(word), []).append(word)
        return grouped

    return _words.get((reader.segment().segment_id(), spelling), read)  # a segment's words never change


def within(reader, field: str, word: str, distance: int) -> set[str]:
    """The indexed words of `field` at most `distance` edits from `word` (a swap of neighbours counting as one),
    looked up in its spelling field when it has one (the words as written, unstemmed)."""
    if distance <= 0:
        return set()
    spelling = reader.schema[field].spelling_fieldname(field)
    found: set[str] = set()
    for segment, _ in reader.leaf_readers():
        grouped = _by_length(segment, spelling)
        for length in range(len(word) - distance, len(word) + distance + 1):
            if grouped.get(length):
                found |= near(word, grouped[length], distance)
    return found


def near(word: str, words, distance: int) -> set[str]:
    """The words at most `distance` edits from `word` (optimal string alignment: a swap of neighbours is one)."""
    if distance <= 0:
        return set()
    return {match for match, _, _ in process.extract(word, words, scorer=OSA.distance, score_cutoff=distance,
                                                     limit=None)}
