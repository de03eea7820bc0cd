"""The PostgreSQL backend: search in the database itself, so every app server sees the same index.

Documents live in search_documents: the Persian analyzer (analyzer.py, in Python, as for Whoosh) turns each
field into normalised, stemmed terms, written as a tsvector with a weight per field (A the title, B the
category or customer name, C the body, D identifiers that match only whole) and a GIN index. The words
before stemming go to search_words, where pg_trgm finds neighbours for typos and "did you mean".

Rows are written in the same transaction as the change (sync.py calls apply before the commit): a rollback
takes them away with it, and a restored database has its index with it. The ranking rules are ranking.py's.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from math import log
from typing import Iterable

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import aliased

from ..extensions import db
from .analyzer import analyzer, identifier_terms, query_pairs, query_terms, query_tokens, query_words, stem
from .index import Source, digest
from .models import SearchDocument, SearchWord
from .query import MAX_RESULTS, SearchResult
from .ranking import (COMPOUND_BOOST, MAX_COMPOUND_WORDS, TYPO_WEIGHT, _transpositions, spoken_terms,
                      synonym_alternatives, typo_distance)
from .schemas import ARTICLES, TICKET_EXACT_FIELD, TICKETS

# Which tsvector weight each field is written with; the query's field boosts become the rank's weights.
FIELD_WEIGHTS = {
    ARTICLES: {"question": "A", "category": "B", "answer": "C"},
    TICKETS: {"subject": "A", "customer": "B", "body": "C", TICKET_EXACT_FIELD: "D"},
}
EXACT_WEIGHT = "D"  # identifiers: whole values, never in search_words, never reached by a typo
TRIGRAM_THRESHOLD = 0.2  # low enough for a 4-letter word with one letter wrong; the edit distance decides
CANDIDATES_PER_WORD = 60
MAX_POSITIONS = 255  # tsvector keeps at most 256 positions of a lexeme
MAX_LEXEME_BYTES = 2000
MAX_WORD = 100  # search_words.word
INSERT_BATCH = 1000
RANKED_CANDIDATES = 2000  # matching documents (the newest) a non-FAQ search ranks

_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=200_000)
def _term(word: str) -> str:
    """The stemmed term of a normalised word, exactly as the analyzer makes it."""
    return (query_terms(word) or [word])[0]


def _words(text: str) -> list[tuple[str, str]]:
    """A field's words in order, normalised and joined as the analyzer does, each with its stemmed term (stemmed
    from the word without a clitic written apart, as query_pairs does: «دومرحله‌ای» is «دومرحله»)."""
    return [(token.text, stem(token.base or token.text)) for token in analyzer()(text or "", no_morph=True)]


def _quote(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _lexeme(term: str, letters: str) -> str:
    return f"{_quote(term)}:{letters}" if letters else _quote(term)


def _either(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"


def _both(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"


def document_vector(kind: str, fields: dict) -> tuple[str, set[str]]:
    """The tsvector literal of a document's fields, and the words typos may reach (no digits, no identifiers)."""
    positions: dict[str, list[str]] = {}
    vocabulary: set[str] = set()
    position = 1
    for name, letter in FIELD_WEIGHTS[kind].items():
        value = fields.get(name) or ""
        if letter == EXACT_WEIGHT:
            tokens = [(v, v) for v in value.split()]
        else:
            tokens = _words(value)
        for word, term in tokens:
            if len(term.encode("utf-8")) > MAX_LEXEME_BYTES:
                continue
            found = positions.setdefault(term, [])
            if len(found) < MAX_POSITIONS:
                found.append(f"{min(position, 16383)}{letter}")
            position += 1
            if letter != EXACT_WEIGHT and len(word) <= MAX_WORD and not _DIGIT.search(word):
                vocabulary.add(word)
        position += 8  # a phrase never runs from one field into the next
    vector = " ".join(f"{_quote(term)}:{','.join(dict.fromkeys(spots))}" for term, spots in positions.items())
    return vector, vocabulary


def _rank_weights(kind: str, fields: dict[str, float]) -> tuple[str, str]:
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
        # (only an identifier typed whole can then meet weight D, which is what D is for).
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


def _trigram_threshold_set() -> None:
    """pg_trgm's `%` threshold for this pooled connection, set once: the default (0.3) misses short words."""
    connection = db.session.connection()
    info = connection.connection.info
    if info.get("trigram_threshold") != TRIGRAM_THRESHOLD:
        connection.execute(text(f"SET pg_trgm.similarity_threshold = {TRIGRAM_THRESHOLD}"))
        info["trigram_threshold"] = TRIGRAM_THRESHOLD


def _splits(word: str) -> list[tuple[str, str]]:
    """The two words a compound typed joined («کنترلپنل») may be written apart as, each of 3 letters or more."""
    if len(word) < 6 or _DIGIT.search(word):
        return []
    return [(word[:i], word[i:]) for i in range(3, len(word) - 2)]


class PostgresBackend:
    name = "postgres"
    uses_queue = False

    # Writing ---------------------------------------------------------------------------------------------

    def apply(self, source: Source, ids: Iterable[int], *, connection=None) -> None:
        ids = sorted(set(ids))
        if not ids:
            return
        if connection is not None:
            self._write(connection, source, ids)
            return
        with db.engine.begin() as conn:
            self._write(conn, source, ids)

    def _write(self, conn, source: Source, ids: list[int]) -> None:
        # Two transactions changing one ticket at once: the second waits here until the first commits, then
        # reads the ticket with the first's change in it (read committed), so neither overwrites the other's.
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:kind), doc_id) "
                          "FROM unnest(CAST(:ids AS integer[])) AS doc_id ORDER BY doc_id"),
                     {"kind": source.name, "ids": ids})
        documents = source.load(ids, bind=conn)
        rows, vocabulary = self._rows(source.name, documents.items())
        conn.execute(delete(SearchDocument).where(SearchDocument.kind == source.name, SearchDocument.doc_id.in_(ids)))
        self._insert(conn, rows)
        self._add_words(conn, source.name, vocabulary)

    def _rows(self, kind: str, documents) -> tuple[list[dict], set[str]]:
        rows, vocabulary = [], set()
        for doc_id, fields in documents:
            if fields is None:
                continue
            vector, words = document_vector(kind, fields)
            vocabulary |= words
            rows.append({"kind": kind, "doc_id": doc_id, "vector": vector, "status": fields.get("status") or "",
                         "digest": digest(fields)})
        return rows, vocabulary

    def _insert(self, conn, rows: list[dict]) -> None:
        statement = text("INSERT INTO search_documents (kind, doc_id, vector, status, digest) "
                         "VALUES (:kind, :doc_id, CAST(:vector AS tsvector), :status, :digest) "
                         "ON CONFLICT (kind, doc_id) DO UPDATE SET vector = EXCLUDED.vector, "
                         "status = EXCLUDED.status, digest = EXCLUDED.digest")
        for start in range(0, len(rows), INSERT_BATCH):
            conn.execute(statement, rows[start:start + INSERT_BATCH])

    def _add_words(self, conn, kind: str, words: set[str]) -> None:
        # Sorted, so two transactions adding the same words take their locks in the same order.
        ordered = sorted(words)
        statement = text("INSERT INTO search_words (kind, word) SELECT :kind, unnest(CAST(:words AS text[])) "
                         "ON CONFLICT DO NOTHING")
        for start in range(0, len(ordered), 5000):
            conn.execute(statement, {"kind": kind, "words": ordered[start:start + 5000]})

    def rebuild(self, source: Source, *, batch_size: int = 2000) -> int:
        """Every document again, in one transaction: searches see the old rows until the new ones are in."""
        count = 0
        with db.engine.begin() as conn:
            conn.execute(delete(SearchDocument).where(SearchDocument.kind == source.name))
            conn.execute(delete(SearchWord).where(SearchWord.kind == source.name))
            vocabulary: set[str] = set()
            ids = list(source.all_ids())
            for start in range(0, len(ids), batch_size):
                batch = ids[start:start + batch_size]
                rows, words = self._rows(source.name, source.load(batch, bind=conn).items())
                vocabulary |= words
                self._insert(conn, rows)
                count += len(rows)
            self._add_words(conn, source.name, vocabulary)
        with db.engine.begin() as conn:  # the planner's figures for the new rows: right plans from the first search
            conn.execute(text("ANALYZE search_documents"))
            conn.execute(text("ANALYZE search_words"))
        return count

    # State -------------------------------------------------------------------------------------------------

    def ready(self, sources: list[Source]) -> bool:
        """The tables are there (the migration ran); what they hold is as current as the database."""
        with db.engine.connect() as conn:
            return all(conn.execute(text("SELECT to_regclass(:name) IS NOT NULL"), {"name": name}).scalar()
                       for name in ("search_documents", "search_words"))

    def heal(self, sources: list[Source]) -> list[str]:
        return []  # written in the same transaction as the data: nothing to fall behind or go missing

    def document_count(self, kind: str) -> int:
        return db.session.scalar(select(db.func.count()).select_from(SearchDocument).where(SearchDocument.kind == kind))

    def stored_digests(self, kind: str) -> dict[int, str | None]:
        with db.engine.connect() as conn:
            return dict(conn.execute(select(SearchDocument.doc_id, SearchDocument.digest)
                                     .where(SearchDocument.kind == kind)).all())

    # Searching -------------------------------------------------------------------------------------------

    def _neighbours(self, kind: str, words: list[tuple[str, int]], halves: Iterable[str] = ()) -> dict[str, set[str]]:
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

    def _clauses(self, kind: str, text_: str, letters: str, synonym_groups, *, tolerant: bool = True):
        """ranking.py's rules as tsqueries: [(exact, lower-scored alternatives or None, words covered)], word count,
        terms, and the compounds of neighbouring words (scored higher). The alternatives are a word's typos and its forms without a colloquial ending («پسوردم»)."""
        pairs = query_pairs(text_)
        if not pairs:
            return [], 0, frozenset(), []
        splits = {w: _splits(w) for w, _ in pairs}
        neighbours = self._neighbours(kind, [(w, typo_distance(w)) for w, _ in pairs],
                                      {half for pieces in splits.values() for pair in pieces for half in pair}
                                      ) if tolerant else {}
        known = neighbours.get("", set())
        # A typo or a spoken form reaches text fields only, never an identifier.
        lower_letters = letters or "".join(sorted(set(FIELD_WEIGHTS[kind].values()) - {EXACT_WEIGHT}))
        clauses, marked, spoken = [], set(), []
        for i, (word, term) in enumerate(pairs):
            variants = spoken_terms(word, term)
            spoken.append(variants)
            lower = sorted(({_term(n) for n in neighbours.get(word, ())} | set(variants)) - {term})
            marked.add(term)
            marked.update(lower)
            clauses.append((_lexeme(term, letters),
                            _either([_lexeme(t, lower_letters) for t in lower]) if lower else None, frozenset({i})))
        for i, (word, term) in enumerate(pairs):  # a compound typed joined meets it written apart
            for first, second in splits[word]:
                if first in known and second in known:
                    parts = [_term(first), _term(second)]
                    marked.update(parts)
                    clauses.append((_both([_lexeme(t, letters) for t in parts]), None, frozenset({i})))
        position = {word: i for i, (word, _) in enumerate(pairs)}
        compounds = []  # scored again: found written as one word says more than the words apart
        tokens = query_tokens(text_)
        if 1 < len(tokens) <= MAX_COMPOUND_WORDS + 2:  # neighbours written as one word («زیر دامنه»: «زیردامنه»)
            for (first, first_stop, _), (second, second_stop, second_base) in zip(tokens, tokens[1:]):
                covered = frozenset(position[w] for w in (first, second) if w in position)
                if (first_stop and second_stop) or not covered:
                    continue
                joined = stem(first + second_base)
                marked.add(joined)
                compounds.append(_lexeme(joined, letters))
                clauses.append((compounds[-1], None, covered))
        for alternative, covered in synonym_alternatives([t for _, t in pairs], spoken, synonym_groups):
            marked.update(alternative)
            clauses.append((_both([_lexeme(t, letters) for t in alternative]), None, covered))
        return clauses, len(pairs), frozenset(marked), compounds

    @staticmethod
    def _hidden(hide: dict[str, str] | None) -> tuple[str, dict]:
        statuses = [value for key, value in (hide or {}).items() if key == "status"]
        if not statuses:
            return "", {}
        return " AND NOT (status = ANY(CAST(:hidden AS text[])))", {"hidden": statuses}

    def search(self, kind, text_, fields, *, hide=None, page=1, per_page=10, ranked=False, synonym_groups=()):
        page = max(page, 1)
        limit = max(MAX_RESULTS, page * per_page)
        weights, letters = _rank_weights(kind, fields)
        if ranked:
            ids, marked = self._ranked(kind, text_, weights, letters, synonym_groups, hide, limit)
        else:
            ids, marked = self._matching(kind, text_, weights, letters, hide=hide, limit=limit)
        start = (page - 1) * per_page
        return SearchResult(ids[start:start + per_page], len(ids), marked)

    def _ranked(self, kind, text_, weights, letters, synonym_groups, hide, limit):
        """Ranked OR with coordination: scored by the weighted rank of the words as typed (and what stands for
        them: compounds, synonyms) plus, lower, the words their typos reach. A document must cover at least half
        of the query's words (both of two); one covering more of them ranks first, as in ranking.py."""
        clauses, count, marked, compounds = self._clauses(kind, text_, letters, synonym_groups)
        if not clauses:
            return [], marked
        params = {"kind": kind, "weights": weights, "limit": limit,
                  "needed": count if count <= 2 else -(-count // 2), "count": count,
                  "exact": " | ".join(e for e, _t, _c in clauses)}
        per_word = {i: [] for i in range(count)}
        for n, (exact, typos, covered) in enumerate(clauses):
            params[f"c{n}"] = exact if typos is None else f"{exact} | {typos}"
            for i in covered:
                per_word[i].append(f"vector @@ CAST(:c{n} AS tsquery)")
        typo_queries = [t for _e, t, _c in clauses if t]
        score = "ts_rank(CAST(:weights AS real[]), vector, CAST(:exact AS tsquery), 1)"
        if typo_queries:
            params["typos"] = " | ".join(typo_queries)
            score += f" + {TYPO_WEIGHT} * ts_rank(CAST(:weights AS real[]), vector, CAST(:typos AS tsquery), 1)"
        if compounds:
            params["compounds"] = " | ".join(compounds)
            score += (f" + {COMPOUND_BOOST - 1} * "
                      "ts_rank(CAST(:weights AS real[]), vector, CAST(:compounds AS tsquery), 1)")
        params["any"] = " | ".join(params[f"c{n}"] for n in range(len(clauses)))
        covered_sql = " + ".join(f"(CASE WHEN {' OR '.join(tests)} THEN 1 ELSE 0 END)" for tests in per_word.values())
        hidden_sql, hidden_params = self._hidden(hide)
        params.update(hidden_params)
        sql = (f"SELECT doc_id FROM (SELECT doc_id, {covered_sql} AS covered, {score} AS score "
               f"FROM search_documents WHERE kind = :kind{hidden_sql} AND vector @@ CAST(:any AS tsquery)) AS hit "
               f"WHERE covered >= :needed ORDER BY covered DESC, score DESC, doc_id "
               f"LIMIT :limit")
        return list(db.session.scalars(text(sql), params)), marked

    def _matching(self, kind, text_, weights, letters, *, hide=None, exact_values=(), within=None, limit=500):
        """Every word (or a compound of two neighbours) in the document, or else each with typos, or an
        identifier typed whole; ranked by weighted rank."""
        marked: frozenset[str] = frozenset()
        exact = " | ".join(_lexeme(v, EXACT_WEIGHT) for v in exact_values)
        matches = select(SearchDocument.doc_id).where(
            SearchDocument.kind == kind, text("search_documents.vector @@ CAST(:q AS tsquery)"))
        statuses = [value for key, value in (hide or {}).items() if key == "status"]
        if statuses:
            matches = matches.where(SearchDocument.status.not_in(statuses))
        if within is not None:  # the access policy, inside the query
            matches = matches.where(SearchDocument.doc_id.in_(within))
        # A common word matches a large share of a million tickets: only the newest RANKED_CANDIDATES of them are
        # ranked (reading every match's vector is the slow part), which is what a person searching tickets wants.
        newest = matches.order_by(SearchDocument.doc_id.desc()).limit(RANKED_CANDIDATES).subquery()
        document = aliased(SearchDocument)
        rank = func.ts_rank(text("CAST(:weights AS real[])"), document.vector, text("CAST(:q AS tsquery)"), 1)
        base = (select(document.doc_id).join(newest, newest.c.doc_id == document.doc_id).where(document.kind == kind)
                .order_by(rank.desc(), document.doc_id.desc()).limit(limit))
        ids: list[int] = []
        for tolerant in (False, True):
            clauses, count, marked, _compounds = self._clauses(kind, text_, letters, (), tolerant=tolerant)
            words = [_either([part for e, t, covered in clauses if covered == {i} for part in (e, t) if part])
                     for i in range(count)]
            alternatives = [_both(words)] if words else []
            for e, _t, covered in clauses:
                if len(covered) == 2:  # a compound stands for two neighbouring words
                    i = min(covered)
                    alternatives.append(_both(words[:i] + [e] + words[i + 2:]))
            query = " | ".join(a for a in alternatives + ([exact] if exact else []) if a)
            if not query:
                return [], marked
            ids = list(db.session.scalars(base, {"q": query, "weights": weights}))
            if ids or not count:
                return ids, marked
        return ids, marked

    def search_ids(self, kind, text_, fields, *, exact_field=None, within=None, limit=500):
        weights, letters = _rank_weights(kind, fields)
        values = identifier_terms(text_) if exact_field else []
        ids, marked = self._matching(kind, text_, weights, letters, exact_values=values, within=within, limit=limit)
        return SearchResult(ids, len(ids), marked)

    def did_you_mean(self, kind, text_, fields, *, hide=None):
        """Unknown words replaced by the closest words of documents that are not hidden (a draft never lends
        a word), or None when nothing changes."""
        words = query_words(text_)
        if not words:
            return None
        letters = "".join(sorted({FIELD_WEIGHTS[kind][name] for name in fields if name in FIELD_WEIGHTS[kind]}))
        hidden_sql, hidden_params = self._hidden(hide)
        shown = (f"SELECT u.n FROM unnest(CAST(:queries AS text[])) WITH ORDINALITY AS u(q, n) WHERE EXISTS "
                 f"(SELECT 1 FROM search_documents WHERE kind = :kind{hidden_sql} "
                 f"AND vector @@ CAST(u.q AS tsquery))")

        def present(candidates: list[str]) -> set[int]:
            queries = [_lexeme(_term(c), letters) for c in candidates]
            return {n - 1 for n in db.session.scalars(text(shown), {"queries": queries, "kind": kind,
                                                                    **hidden_params})}

        known = present(words)
        unknown = [(w, 2 if len(w) > 4 else 1) for i, w in enumerate(words) if i not in known]
        if not unknown:
            return None
        neighbours = self._neighbours(kind, unknown)
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

    def more_like(self, kind, doc_id, text_, field_name, *, hide=None, top=5):
        """The documents sharing most of this one's frequent terms, weighted by field."""
        counts = Counter(term for word, term in _words(text_) if len(word) > 2)
        key_terms = [t for t, _ in counts.most_common(8)]
        if not key_terms:
            return []
        letters = "ABC"
        weights = "{0,0.333,0.5,1}"
        hidden_sql, hidden_params = self._hidden(hide)
        sql = (f"SELECT doc_id FROM search_documents WHERE kind = :kind AND doc_id <> :doc_id{hidden_sql} "
               f"AND vector @@ CAST(:q AS tsquery) "
               f"ORDER BY ts_rank(CAST(:weights AS real[]), vector, CAST(:q AS tsquery), 1) DESC, doc_id LIMIT :top")
        query = " | ".join(_lexeme(t, letters) for t in key_terms)
        return list(db.session.scalars(text(sql), {"kind": kind, "doc_id": doc_id, "q": query, "weights": weights,
                                                   "top": top, **hidden_params}))

    def similar_groups(self, kind, texts, field_name, *, ratio=0.4, numterms=10):
        """Groups of at least two similar texts, largest first: the same more-like-this as Whoosh's (each
        text's key terms by tf-idf, a text joining when it scores `ratio` of the text against itself), over
        the given texts only, so it needs no index."""
        return similar_text_groups(texts, ratio=ratio, numterms=numterms)


def similar_text_groups(texts: dict[int, str], *, ratio: float = 0.4, numterms: int = 10) -> list[list[int]]:
    bags = {doc_id: Counter(term for _word, term in _words(value)) for doc_id, value in texts.items()}
    frequency = Counter(term for bag in bags.values() for term in bag)
    total = max(len(bags), 1)
    idf = {term: log(1 + total / count) for term, count in frequency.items()}
    postings: dict[str, list[int]] = {}
    for doc_id, bag in bags.items():
        for term in bag:
            postings.setdefault(term, []).append(doc_id)

    def score(bag: Counter, weight: float, term: str) -> float:
        tf = bag[term]
        return weight * idf[term] * tf / (tf + 1.2)

    groups, assigned = [], set()
    for doc_id, bag in bags.items():
        if doc_id in assigned or not bag:
            continue
        key_terms = sorted(bag, key=lambda t: (-bag[t] * idf[t], t))[:numterms]
        scores: Counter = Counter()
        for term in key_terms:
            weight = bag[term] * idf[term]
            for other in postings[term]:
                scores[other] += score(bags[other], weight, term)
        own = scores.get(doc_id)
        if not own:
            continue
        members = [i for i, s in scores.most_common() if i not in assigned and s >= ratio * own]
        if len(members) >= 2:
            groups.append(members)
            assigned.update(members)
    groups.sort(key=len, reverse=True)
    return groups
