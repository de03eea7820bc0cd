"""The FAQ's ranked query: ranked OR with coordination, typo tolerance by word length, compounds and
synonyms, and what each clause stands for (so a hit's share of the query's words can be counted)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh.query import And, Or, Term

from . import synonyms, vocabulary
from .analyzer import query_pairs, query_terms, query_tokens, spoken_variants, stem

MAX_COMPOUND_WORDS = 5
TYPO_WEIGHT = 0.4  # a word reached through a typo scores below the word as typed
SPOKEN_WEIGHT = 0.6  # «پسوردم» reaching «پسورد»: closer than a typo, below the word as typed
COMPOUND_BOOST = 1.5  # two words found written as one compound say more than each word apart
MAX_SPLITS = 2


def _clause(term: str, fields: dict[str, float]):
    return Or([Term(name, term, boost=boost) for name, boost in fields.items()])


def typo_distance(term: str) -> int:
    """Edits allowed for a word of this length: none below 4 letters, 1 from 4, 2 from 7."""
    return 2 if len(term) >= 7 else 1 if len(term) >= 4 else 0


def _transpositions(term: str) -> list[str]:
    """The word with two neighbouring letters swapped: one typo, though Levenshtein counts it as two."""
    return [term[:i] + term[i + 1] + term[i] + term[i + 2:] for i in range(len(term) - 1) if term[i] != term[i + 1]]


def typo_terms(reader, field_name: str, word: str, term: str, distance: int) -> set[str]:
    """Index terms a word reaches with up to `distance` edits, the first letter too, a swap counting as one.

    A field with spelling keeps its words as written (unstemmed) beside its stemmed terms: the word is
    looked up there and what it reaches is stemmed; other fields are looked up by the stemmed term.
    """
    spelled = reader.schema[field_name].spelling_fieldname(field_name) != field_name
    reached = set(vocabulary.within(reader, field_name, word if spelled else term, distance))
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
                           for t in sorted(typo_terms(reader, name, word, term, distance)))
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

    def best(self, scored, limit: int) -> list[int]:
        """Document numbers of an array_scoring.Scored that cover at least `needed` of the query's words, the most
        words first, then by score (then index order)."""
        covered = np.zeros(len(scored.scores), dtype=np.int64)
        none = np.zeros(len(scored.scores), dtype=bool)
        by_word: dict[int, np.ndarray] = {}
        for parts, indices in self.clauses:
            has = np.logical_and.reduce([np.logical_or.reduce([scored.held.get(t, none) for t in part] or [none])
                                         for part in parts])
            for i in indices:
                by_word[i] = by_word[i] | has if i in by_word else has
        for has in by_word.values():
            covered += has
        candidates = np.flatnonzero(scored.matched & (covered >= self.needed))
        order = np.lexsort((candidates, -scored.scores[candidates], -covered[candidates]))
        return candidates[order[:limit]].tolist()


def _terms_of(clause) -> frozenset[str]:
    return frozenset(leaf.text for leaf in clause.leaves() if isinstance(leaf, Term))


def _known(reader, term: str, fields: dict[str, float]) -> bool:
    return any(reader.doc_frequency(name, term) for name in fields)


def spoken_terms(word: str, term: str) -> list[str]:
    """Stemmed terms of the word without a colloquial or possessive ending («پسوردم» -> «پسورد»)."""
    found = []
    for variant in spoken_variants(word):
        variant_term = stem(variant)
        if variant_term != term and variant_term not in found:
            found.append(variant_term)
    return found


def _splits(reader, word: str, term: str, fields: dict[str, float]) -> list[tuple[str, str]]:
    """A word typed glued that the FAQ writes as two («نامکاربری» -> «نام» «کاربری»): each split whose two halves
    are indexed words. Only for a word the index does not hold as it is, or a long one (a compound written both ways)."""
    known = _known(reader, term, fields)
    if known and len(word) < 8:
        return []
    shortest = 3 if known else 2
    found = []
    for i in range(shortest, len(word) - shortest + 1):
        left, right = query_terms(word[:i]), query_terms(word[i:])
        if len(left) == 1 and len(right) == 1 and _known(reader, left[0], fields) and _known(reader, right[0], fields):
            found.append((left[0], right[0]))
    return found[:MAX_SPLITS]


def synonym_alternatives(terms: list[str], spoken: list[list[str]], synonym_groups) -> list[tuple[list[str], frozenset[int]]]:
    """(the terms of another entry of a synonym group, the query's word positions it stands for), once each; the
    query is read as typed, with each word's colloquial form (`spoken`: spoken_terms per word) and with a word
    mistyped from one of the table's («پسوورد»: «پسورد»)."""
    if not synonym_groups:
        return []
    readings = [terms] + [terms[:i] + [variant] + terms[i + 1:] for i, variants in enumerate(spoken) for variant in variants]
    table = synonyms.table_terms(synonym_groups)
    readings += [terms[:i] + [near] + terms[i + 1:] for i, term in enumerate(terms) if term not in table
                 for near in vocabulary.near(term, table, typo_distance(term))]
    found, seen = [], set()
    for reading in readings:
        for alternative, entry in synonyms.expansions(reading, synonym_groups):
            if tuple(alternative) in seen:
                continue
            seen.add(tuple(alternative))
            start = next(i for i in range(len(reading)) if reading[i:i + len(entry)] == entry)
            found.append((alternative, frozenset(range(start, start + len(entry)))))
    return found


def build_ranked_query(reader, text: str, fields: dict[str, float],
                       synonym_groups: list[list[str]] = ()) -> RankedQuery | None:
    """Ranked OR with coordination: a document with more of the words ranks higher; one with at least
    half of them (both of two) still appears. Each word also matches with typos (by length, the first letter
    too, a swap counted as one), exact words scoring higher, and without a colloquial ending; a word typed glued
    also matches its two halves; two neighbouring words (a stop word among them: «زیر دامنه») also match as one
    compound, above the words apart; an entry of a synonym group in the query (a word's colloquial form too)
    also matches the group's other entries. None for no words.
    """
    pairs = query_pairs(text)  # (word as written, its stemmed term), without repeats
    if not pairs:
        return None
    clauses, meaning = [], []
    spoken = []
    for i, (word, term) in enumerate(pairs):
        clause = _tolerant_clause(reader, word, term, fields)
        variants = spoken_terms(word, term)
        spoken.append(variants)
        known = [t for t in variants if _known(reader, t, fields)]
        if known:
            clause = Or([clause] + [Term(name, t, boost=boost * SPOKEN_WEIGHT)
                                    for t in known for name, boost in fields.items()])
        clauses.append(clause)
        meaning.append(([_terms_of(clause)], frozenset({i})))
        for left, right in _splits(reader, word, term, fields):
            clauses.append(And([_clause(left, fields), _clause(right, fields)]))
            meaning.append(([frozenset({left}), frozenset({right})], frozenset({i})))
    position = {word: i for i, (word, _) in enumerate(pairs)}
    tokens = query_tokens(text)
    if 1 < len(tokens) <= MAX_COMPOUND_WORDS + 2:
        boosted = {name: boost * COMPOUND_BOOST for name, boost in fields.items()}
        for (first, first_stop, _), (second, second_stop, second_base) in zip(tokens, tokens[1:]):
            if first_stop and second_stop:
                continue
            joined = stem(first + second_base)
            clauses.append(_clause(joined, boosted))
            meaning.append(([frozenset({joined})], frozenset(position[w] for w in (first, second) if w in position)))
    for alternative, covered in synonym_alternatives([term for _, term in pairs], spoken, synonym_groups):
        parts = [_clause(t, fields) for t in alternative]
        clauses.append(parts[0] if len(parts) == 1 else And(parts))
        meaning.append(([frozenset({t}) for t in alternative], covered))
    # Coordination is RankedQuery.order's: Whoosh's own (Or(scale=...)) recounts the terms when a branch runs out
    # mid-search and then scores later documents 0.
    query = clauses[0] if len(clauses) == 1 else Or(clauses)
    return RankedQuery(query, len(pairs), meaning)
