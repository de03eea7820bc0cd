"""The FAQ's ranked query: ranked OR with coordination, typo tolerance by word length, compounds and
synonyms, and what each clause stands for (so a hit's share of the query's words can be counted)."""
from __future__ import annotations

from dataclasses import dataclass

from whoosh.query import And, Or, Term

from . import synonyms
from .analyzer import query_terms, query_words

MAX_COMPOUND_WORDS = 5
COORDINATION = 0.9  # how much matching more of the query's words lifts a document
TYPO_WEIGHT = 0.4  # a word reached through a typo scores below the word as typed


def _clause(term: str, fields: dict[str, float]):
    return Or([Term(name, term, boost=boost) for name, boost in fields.items()])


def typo_distance(term: str) -> int:
    """Edits allowed for a word of this length: none below 4 letters, 1 from 4, 2 from 7."""
    return 2 if len(term) >= 7 else 1 if len(term) >= 4 else 0


def _transpositions(term: str) -> list[str]:
    """The word with two neighbouring letters swapped: one typo, though Levenshtein counts it as two."""
    return [term[:i] + term[i + 1] + term[i] + term[i + 2:] for i in range(len(term) - 1) if term[i] != term[i + 1]]


def _typo_terms(reader, field_name: str, word: str, term: str, distance: int) -> set[str]:
    """Index terms a word reaches with up to `distance` edits (the first letter too) or one swap.

    A field with spelling keeps its words as written (unstemmed) beside its stemmed terms: the word is
    looked up there and what it reaches is stemmed; other fields are looked up by the stemmed term.
    """
    spelled = reader.schema[field_name].spelling_fieldname(field_name) != field_name
    probe = word if spelled else term
    reached = set(reader.terms_within(field_name, probe, distance, prefix=0)) | set(_transpositions(probe))
    if spelled:
        reached = {t for found in reached for t in query_terms(found)[:1]}
    return reached - {term}


def _tolerant_clause(reader, word: str, term: str, fields: dict[str, float]):
    distance = typo_distance(word)
    choices = []
    for name, boost in fields.items():
        choices.append(Term(name, term, boost=boost))
        if distance:
            choices.extend(Term(name, t, boost=boost * TYPO_WEIGHT)
                           for t in sorted(_typo_terms(reader, name, word, term, distance)))
    return Or(choices)


@dataclass
class RankedQuery:
    """A ranked-OR query and what each of its clauses stands for, to tell how many query words a hit has."""

    query: object
    words: int  # distinct words in the query
    clauses: list[tuple[list[frozenset[str]], frozenset[int]]]  # (terms satisfying each part, words covered)

    @property
    def needed(self) -> int:
        """Both of two words; at least half of three or more (two of three or four, three of five ...)."""
        return self.words if self.words <= 2 else -(-self.words // 2)

    def covered(self, matched: set[str]) -> int:
        words: set[int] = set()
        for parts, indices in self.clauses:
            if all(part & matched for part in parts):
                words |= indices
        return len(words)


def _terms_of(clause) -> frozenset[str]:
    return frozenset(leaf.text for leaf in clause.leaves() if isinstance(leaf, Term))


def build_ranked_query(reader, text: str, fields: dict[str, float],
                       synonym_groups: list[list[str]] = ()) -> RankedQuery | None:
    """Ranked OR with coordination: a document with more of the words ranks higher; one with at least
    half of them (both of two) still appears. Each word also matches with typos (by length, the first letter
    too, a swap counted as one), exact words scoring higher; two neighbouring words also match as one
    compound; an entry of a synonym group in the query also matches the group's other entries.
    None for no words.
    """
    pairs = []  # (word as written, its stemmed term), without repeats
    for word in query_words(text):
        term = (query_terms(word) or [word])[0]
        if (word, term) not in pairs:
            pairs.append((word, term))
    if not pairs:
        return None
    clauses, meaning = [], []
    for i, (word, term) in enumerate(pairs):
        clause = _tolerant_clause(reader, word, term, fields)
        clauses.append(clause)
        meaning.append(([_terms_of(clause)], frozenset({i})))
    words = [word for word, _ in pairs]
    if 1 < len(words) <= MAX_COMPOUND_WORDS:
        for i in range(len(words) - 1):
            joined = query_terms(words[i] + words[i + 1])
            if joined:
                clauses.append(_clause(joined[0], fields))
                meaning.append(([frozenset(joined[:1])], frozenset({i, i + 1})))
    if synonym_groups:
        terms = [term for _, term in pairs]
        for alternative, entry in synonyms.expansions(terms, synonym_groups):
            parts = [_clause(t, fields) for t in alternative]
            clauses.append(parts[0] if len(parts) == 1 else And(parts))
            start = next(i for i in range(len(terms)) if terms[i:i + len(entry)] == entry)
            meaning.append(([frozenset({t}) for t in alternative], frozenset(range(start, start + len(entry)))))
    query = clauses[0] if len(clauses) == 1 else Or(clauses, scale=COORDINATION)
    return RankedQuery(query, len(pairs), meaning)
