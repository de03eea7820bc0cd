"""PostgreSQL's text search forms of the Persian analyzer's output: a document's fields as a weighted tsvector
literal, and query terms as tsquery lexemes (postgres.py builds its queries from these)."""
from __future__ import annotations

import re
from functools import lru_cache

from .analyzer import analyzer, query_terms, stem
from .schemas import ARTICLES, TICKET_EXACT_FIELD, TICKETS

# Which tsvector weight each field is written with; the query's field boosts become the rank's weights.
FIELD_WEIGHTS = {
    ARTICLES: {"question": "A", "category": "B", "answer": "C"},
    TICKETS: {"subject": "A", "customer": "B", "body": "C", TICKET_EXACT_FIELD: "D"},
}
EXACT_WEIGHT = "D"  # identifiers: whole values, never in search_words, never reached by a typo
# Identifiers are written with this mark before them, so a word or a typo never meets one: a query needs no weight
# letters to keep them apart, and without letters the GIN index answers alone (no recheck of each match's vector).
IDENTIFIER_MARK = "#"
MAX_POSITIONS = 255  # tsvector keeps at most 256 positions of a lexeme
MAX_LEXEME_BYTES = 2000
MAX_WORD = 100  # search_words.word

HAS_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=200_000)
def term_of(word: str) -> str:
    """The stemmed term of a normalised word, exactly as the analyzer makes it."""
    return (query_terms(word) or [word])[0]


def field_words(text: str) -> list[tuple[str, str]]:
    """A field's words in order, normalised and joined as the analyzer does, each with its stemmed term (stemmed
    from the word without a clitic written apart, as query_pairs does: «دومرحله‌ای» is «دومرحله»)."""
    return [(token.text, stem(token.base or token.text)) for token in analyzer()(text or "", no_morph=True)]


def quoted(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def lexeme(term: str, letters: str) -> str:
    return f"{quoted(term)}:{letters}" if letters else quoted(term)


def identifier(value: str) -> str:
    """The tsquery lexeme of an identifier typed whole."""
    return quoted(IDENTIFIER_MARK + value)


def any_of(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"


def all_of(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"


def document_vector(kind: str, fields: dict) -> tuple[str, set[str]]:
    """The tsvector literal of a document's fields, and the words typos may reach (no digits, no identifiers)."""
    positions: dict[str, list[str]] = {}
    vocabulary: set[str] = set()
    position = 1
    for name, letter in FIELD_WEIGHTS[kind].items():
        value = fields.get(name) or ""
        if letter == EXACT_WEIGHT:
            tokens = [(v, IDENTIFIER_MARK + v) for v in value.split()]
        else:
            tokens = field_words(value)
        for word, term in tokens:
            if len(term.encode("utf-8")) > MAX_LEXEME_BYTES:
                continue
            found = positions.setdefault(term, [])
            if len(found) < MAX_POSITIONS:
                found.append(f"{min(position, 16383)}{letter}")
            position += 1
            if letter != EXACT_WEIGHT and len(word) <= MAX_WORD and not HAS_DIGIT.search(word):
                vocabulary.add(word)
        position += 8  # a phrase never runs from one field into the next
    vector = " ".join(f"{quoted(term)}:{','.join(dict.fromkeys(spots))}" for term, spots in positions.items())
    return vector, vocabulary


def rank_weights(kind: str, fields: dict[str, float]) -> tuple[str, str]:
    """ts_rank's {D, C, B, A} weights from the query's field boosts, and the weight letters to match."""
    letters = FIELD_WEIGHTS[kind]
    top = max(fields.values())
    weights = {letter: 0.0 for letter in "ABCD"}
    for name, boost in fields.items():
        if name in letters:
            weights[letters[name]] = boost / top
    weights[EXACT_WEIGHT] = max(weights[EXACT_WEIGHT], 1.0 if kind == TICKETS else 0.0)
    array = "{" + ",".join(f"{weights[letter]:.3f}" for letter in "DCBA") + "}"
    asked = {letters[name] for name in fields if name in letters and letters[name] != EXACT_WEIGHT}
    if asked == set(letters.values()) - {EXACT_WEIGHT}:
        # Every text field: no weight restriction, so the GIN index answers without reading each match's vector
        # (identifiers carry IDENTIFIER_MARK, so no word can meet one).
        return array, ""
    return array, "".join(sorted(asked))


def osa_distance(a: str, b: str, limit: int) -> int:
    """Edits from a to b, a swap of neighbours counting as one (optimal string alignment); limit+1 when over."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        previous2, previous = previous, row
    return previous[-1]


def compound_splits(word: str) -> list[tuple[str, str]]:
    """The two words a compound typed joined («کنترلپنل») may be written apart as, each of 3 letters or more."""
    if len(word) < 6 or HAS_DIGIT.search(word):
        return []
    return [(word[:i], word[i:]) for i in range(3, len(word) - 2)]
