"""The PostgreSQL backend: search in the database itself, so every app server sees the same index.

Documents live in search_documents: the Persian analyzer (analyzer.py, in Python, as for Whoosh) turns each
field into normalised, stemmed terms, written as a tsvector with a weight per field (A the title, B the
category or customer name, C the body, D identifiers, marked so that they match only whole) and a GIN index.
The words before stemming go to search_words, where pg_trgm finds neighbours for typos and "did you mean".
Ticket search ranks the newest matches, found as pg_candidates.py explains.

Rows are written (pg_writing.py) in the same transaction as the change (sync.py calls apply before the
commit): a rollback takes them away with it, and a restored database has its index with it. The ranking rules
are ranking.py's.
"""
from __future__ import annotations

from collections import Counter
from itertools import combinations
from typing import Iterable

from sqlalchemy import select, text

from ..extensions import db
from .analyzer import identifier_terms, query_pairs, query_tokens, query_words, stem
from .index import Source
from .models import SearchDocument
from . import pg_writing
from .pg_candidates import newest_matches
from .pg_neighbours import corrected_query, indexed, typo_neighbours
from .pg_terms import (FIELD_WEIGHTS, all_of, any_of, compound_splits, field_words,
                       identifier, lexeme, rank_weights, term_of)
from .query import MAX_RESULTS, SearchResult
from .ranking import (COMPOUND_BOOST, MAX_COMPOUND_WORDS, TYPO_WEIGHT, spoken_terms,
                      synonym_alternatives, typo_distance)
from .text_groups import similar_text_groups

MAX_COMBINED_WORDS = 5  # at most ten combinations of the words needed (three of five)
RANKED_CANDIDATES = 200  # at least this many matching documents (the newest) are ranked in a search of tickets


def _rank(query_param: str) -> str:
    """The weighted rank of a document's vector for the tsquery bound as `query_param`."""
    return f"ts_rank(CAST(:weights AS real[]), vector, CAST(:{query_param} AS tsquery), 1)"


def _hidden_statuses(hide: dict[str, str] | None) -> list[str]:
    return [value for key, value in (hide or {}).items() if key == "status"]


class PostgresBackend:
    name = "postgres"
    uses_queue = False

    # Writing ---------------------------------------------------------------------------------------------

    def apply(self, source: Source, ids: Iterable[int], *, connection=None) -> None:
        ids = sorted(set(ids))
        if not ids:
            return
        if connection is not None:
            pg_writing.write(connection, source, ids)
            return
        with db.engine.begin() as conn:
            pg_writing.write(conn, source, ids)

    def rebuild(self, source: Source, *, batch_size: int = 2000) -> int:
        """Every document again, in one transaction: searches see the old rows until the new ones are in."""
        return pg_writing.rebuild(source, batch_size=batch_size)

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

    def _clauses(self, kind: str, text_: str, letters: str, synonym_groups, *, tolerant: bool = True,
                 held_compounds: dict | None = None):
        """ranking.py's rules as tsqueries: [(exact, lower-scored alternatives or None, words covered)], word count,
        terms, and the compounds of neighbouring words (scored higher). The alternatives are a word's typos and its
        forms without a colloquial ending («پسوردم»). `held_compounds`: which compounds documents hold, kept from an
        earlier call for the same text (the exact words, then their typos)."""
        pairs = query_pairs(text_)
        if not pairs:
            return [], 0, frozenset(), []
        splits = {w: compound_splits(w) for w, _ in pairs}
        halves = {half for pieces in splits.values() for pair in pieces for half in pair}
        neighbours = typo_neighbours(kind, [(w, typo_distance(w)) for w, _ in pairs], halves) if tolerant else {}
        known = neighbours.get("", set())
        clauses, marked, spoken = [], set(), []
        for i, (word, term) in enumerate(pairs):
            variants = spoken_terms(word, term)
            spoken.append(variants)
            lower = sorted(({term_of(n) for n in neighbours.get(word, ())} | set(variants)) - {term})
            marked.add(term)
            marked.update(lower)
            clauses.append((lexeme(term, letters),
                            any_of([lexeme(t, letters) for t in lower]) if lower else None, frozenset({i})))
        for i, (word, term) in enumerate(pairs):  # a compound typed joined meets it written apart
            for first, second in splits[word]:
                if first in known and second in known:
                    parts = [term_of(first), term_of(second)]
                    marked.update(parts)
                    clauses.append((all_of([lexeme(t, letters) for t in parts]), None, frozenset({i})))
        position = {word: i for i, (word, _) in enumerate(pairs)}
        joined_pairs = []
        tokens = query_tokens(text_)
        if 1 < len(tokens) <= MAX_COMPOUND_WORDS + 2:  # neighbours written as one word («زیر دامنه»: «زیردامنه»)
            for (first, first_stop, _), (second, second_stop, second_base) in zip(tokens, tokens[1:]):
                covered = frozenset(position[w] for w in (first, second) if w in position)
                if not (first_stop and second_stop) and covered:
                    joined_pairs.append((stem(first + second_base), covered))
        # Most words run together are no word at all: a term no document holds would only slow every row's match.
        queries = tuple(lexeme(joined, letters) for joined, _ in joined_pairs)
        held = (held_compounds or {}).get(queries)
        if held is None:
            held = indexed(kind, list(queries))
            if held_compounds is not None:
                held_compounds[queries] = held
        compounds = []  # scored again: found written as one word says more than the words apart
        for n, (joined, covered) in enumerate(joined_pairs):
            if n in held:
                marked.add(joined)
                compounds.append(lexeme(joined, letters))
                clauses.append((compounds[-1], None, covered))
        for alternative, covered in synonym_alternatives([t for _, t in pairs], spoken, synonym_groups):
            marked.update(alternative)
            clauses.append((all_of([lexeme(t, letters) for t in alternative]), None, covered))
        return clauses, len(pairs), frozenset(marked), compounds

    @staticmethod
    def _hidden(hide: dict[str, str] | None) -> tuple[str, dict]:
        statuses = _hidden_statuses(hide)
        if not statuses:
            return "", {}
        return " AND NOT (status = ANY(CAST(:hidden AS text[])))", {"hidden": statuses}

    def search(self, kind, text_, fields, *, hide=None, page=1, per_page=10, ranked=False, synonym_groups=()):
        page = max(page, 1)
        limit = max(MAX_RESULTS, page * per_page)
        weights, letters = rank_weights(kind, fields)
        if ranked:
            ids, marked = self._ranked(kind, text_, weights, letters, synonym_groups, hide, limit)
        else:
            ids, marked, _more = self._matching(kind, text_, weights, letters, hide=hide, limit=limit)
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
        for n, (exact, typos, covered) in enumerate(clauses):
            params[f"c{n}"] = exact if typos is None else f"{exact} | {typos}"
        typo_queries = [t for _e, t, _c in clauses if t]
        score = _rank("exact")
        if typo_queries:
            params["typos"] = " | ".join(typo_queries)
        if compounds:
            params["compounds"] = " | ".join(compounds)
        # A typo's or a compound's rank only for the documents holding one (@@ costs less than ts_rank).
        for name, weight in (("typos", TYPO_WEIGHT), ("compounds", COMPOUND_BOOST - 1)):
            if name in params:
                score += f" + CASE WHEN vector @@ CAST(:{name} AS tsquery) THEN {weight} * {_rank(name)} ELSE 0 END"
        # One tsquery a word (what stands for it included): a document covers the word when it matches it.
        words = [any_of([f"({params[f'c{n}']})" for n, (_e, _t, covered) in enumerate(clauses) if i in covered])
                 for i in range(count)]
        hidden_sql, hidden_params = self._hidden(hide)
        params.update(hidden_params)
        if params["needed"] == count:  # one or two words, each needed: one tsquery says it, the GIN index can answer
            params["all"] = " & ".join(f"({word})" for word in words)
            sql = (f"SELECT doc_id FROM search_documents WHERE kind = :kind{hidden_sql} "
                   f"AND vector @@ CAST(:all AS tsquery) ORDER BY {score} DESC, doc_id LIMIT :limit")
            return list(db.session.scalars(text(sql), params)), marked
        params.update({f"w{i}": word for i, word in enumerate(words)})
        if count <= MAX_COMBINED_WORDS:  # the documents holding enough of the words, as one tsquery
            params["any"] = " | ".join(all_of([f"({words[i]})" for i in chosen])
                                       for chosen in combinations(range(count), params["needed"]))
        else:
            params["any"] = " | ".join(params[f"c{n}"] for n in range(len(clauses)))
        covered_sql = " + ".join(f"CAST(vector @@ CAST(:w{i} AS tsquery) AS integer)" for i in range(count))
        # OFFSET 0 keeps the subquery whole: the words covered are counted once a document (merged into the outer
        # query, the count would be computed for the filter and again for the sort), the score only where enough.
        sql = (f"SELECT doc_id FROM (SELECT doc_id, vector, {covered_sql} AS covered FROM search_documents "
               f"WHERE kind = :kind{hidden_sql} AND vector @@ CAST(:any AS tsquery) OFFSET 0) AS hit "
               f"WHERE covered >= :needed ORDER BY covered DESC, {score} DESC, doc_id LIMIT :limit")
        return list(db.session.scalars(text(sql), params)), marked

    def _matching(self, kind, text_, weights, letters, *, hide=None, exact_values=(), within=None, limit=500):
        """Every word (or a compound of two neighbours) in the document, or else each with typos, or an
        identifier typed whole; the newest of them ranked by weighted rank. Returns the ids, the terms to mark and
        whether more documents match than were ranked."""
        marked: frozenset[str] = frozenset()
        wanted, more = max(limit, RANKED_CANDIDATES), False
        exact = " | ".join(identifier(v) for v in exact_values)
        statuses = _hidden_statuses(hide)
        ids: list[int] = []
        held_compounds: dict = {}
        for tolerant in (False, True):
            clauses, count, marked, _compounds = self._clauses(kind, text_, letters, (), tolerant=tolerant,
                                                               held_compounds=held_compounds)
            words = [any_of([part for e, t, covered in clauses if covered == {i} for part in (e, t) if part])
                     for i in range(count)]
            alternatives = [all_of(words)] if words else []
            for e, _t, covered in clauses:
                if len(covered) == 2:  # a compound stands for two neighbouring words
                    i = min(covered)
                    alternatives.append(all_of(words[:i] + [e] + words[i + 2:]))
            query = " | ".join(a for a in alternatives + ([exact] if exact else []) if a)
            if not query:
                return [], marked, False
            # A common word matches a large share of a million tickets: only the newest `wanted` of them are ranked
            # (finding and reading every match is the slow part), which is what a person searching wants.
            newest = newest_matches(kind, query, wanted=wanted, statuses=statuses, within=within)
            ids = self._by_rank(kind, newest.ids, query, weights, limit)
            more = len(newest.ids) > limit or len(newest.ids) >= wanted  # (the second: some may be older)
            if newest.words_seen or not count:  # typos only for words no document holds, as with Whoosh
                return ids, marked, more
        return ids, marked, more

    @staticmethod
    def _by_rank(kind, ids: list[int], query: str, weights: str, limit: int) -> list[int]:
        if not ids:
            return []
        # One array rather than hundreds of rows to fetch.
        sql = (f"SELECT array_agg(doc_id ORDER BY {_rank('q')} DESC, doc_id DESC) FROM search_documents "
               "WHERE kind = :kind AND doc_id = ANY(CAST(:ids AS integer[]))")
        ranked = db.session.scalar(text(sql), {"kind": kind, "ids": ids, "q": query, "weights": weights})
        return (ranked or [])[:limit]

    def search_ids(self, kind, text_, fields, *, exact_field=None, within=None, limit=500):
        weights, letters = rank_weights(kind, fields)
        values = identifier_terms(text_) if exact_field else []
        ids, marked, more = self._matching(kind, text_, weights, letters, exact_values=values, within=within,
                                           limit=limit)
        return SearchResult(ids, len(ids), marked, more=more)

    def did_you_mean(self, kind, text_, fields, *, hide=None):
        """Unknown words replaced by the closest words of documents that are not hidden (a draft never lends
        a word), or None when nothing changes."""
        letters = "".join(sorted({FIELD_WEIGHTS[kind][name] for name in fields if name in FIELD_WEIGHTS[kind]}))
        return corrected_query(kind, query_words(text_), letters, _hidden_statuses(hide))

    def more_like(self, kind, doc_id, text_, field_name, *, hide=None, top=5):
        """The documents sharing most of this one's frequent terms, weighted by field."""
        counts = Counter(term for word, term in field_words(text_) if len(word) > 2)
        key_terms = [t for t, _ in counts.most_common(8)]
        if not key_terms:
            return []
        letters = "ABC"
        weights = "{0,0.333,0.5,1}"
        hidden_sql, hidden_params = self._hidden(hide)
        sql = (f"SELECT doc_id FROM search_documents WHERE kind = :kind AND doc_id <> :doc_id{hidden_sql} "
               f"AND vector @@ CAST(:q AS tsquery) "
               f"ORDER BY {_rank('q')} DESC, doc_id LIMIT :top")
        query = " | ".join(lexeme(t, letters) for t in key_terms)
        return list(db.session.scalars(text(sql), {"kind": kind, "doc_id": doc_id, "q": query, "weights": weights,
                                                   "top": top, **hidden_params}))

    def similar_groups(self, kind, texts, field_name, *, ratio=0.4, numterms=10):
        """Groups of at least two similar texts, largest first: the same more-like-this as Whoosh's (each
        text's key terms by tf-idf, a text joining when it scores `ratio` of the text against itself), over
        the given texts only, so it needs no index."""
        return similar_text_groups(texts, ratio=ratio, numterms=numterms)
