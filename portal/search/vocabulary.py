"""The words a Whoosh index holds, for typo lookups.

Whoosh's own lookup (terms_within) walks a Levenshtein automaton through the on-disk word list, a few
milliseconds a word on a large FAQ. Here each field's words are read once while the index is unchanged (the
segments named the same) and compared with the typed word in compiled code (rapidfuzz), by optimal string
alignment: a swap of two neighbouring letters is one edit, as people make it, and the first letter may be wrong.
"""
from __future__ import annotations

from collections import OrderedDict

from rapidfuzz import process
from rapidfuzz.distance import OSA

_CACHED_FIELDS = 16
_words: OrderedDict = OrderedDict()


def _segments(reader) -> tuple[str, ...]:
    return tuple(sub.segment().segment_id() for sub, _ in reader.leaf_readers())


def words(reader, field: str) -> list[str]:
    """Every word indexed in `field` (in its spelling field when it has one: the words as written, unstemmed)."""
    spelling = reader.schema[field].spelling_fieldname(field)
    key = (_segments(reader), spelling)
    if key in _words:
        _words.move_to_end(key)
        return _words[key]
    found = _words[key] = [w.decode("utf-8") if isinstance(w, bytes) else w for w in reader.lexicon(spelling)]
    if len(_words) > _CACHED_FIELDS:
        _words.popitem(last=False)
    return found


def within(reader, field: str, word: str, distance: int) -> list[str]:
    """The indexed words of `field` at most `distance` edits from `word` (a swap of neighbours counting as one)."""
    if distance <= 0:
        return []
    return [found for found, _, _ in process.extract(word, words(reader, field), scorer=OSA.distance,
                                                     score_cutoff=distance, limit=None)]
