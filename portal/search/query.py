"""Asking the indexes: queries over several fields with typo tolerance, highlights, "did you mean",
and more-like-this grouping. Callers get ids and plain strings back, never Whoosh objects."""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape
from whoosh.highlight import ContextFragmenter, HtmlFormatter
from whoosh.highlight import highlight as whoosh_highlight
from whoosh.query import And, Or, Term

from . import array_scoring
from .analyzer import analyzer, identifier_terms, query_pairs, query_terms, query_words
from .index import IndexSettings, searcher
from .ranking import TYPO_WEIGHT, build_ranked_query, typo_distance, typo_terms

MAX_COMPOUND_WORDS = 5
MAX_RESULTS = 100  # people read the first pages; counting every match of a common word is the slow part


@dataclass
class SearchResult:
    ids: list[int]
    total: int
    terms: frozenset[str] = field(default_factory=frozenset)  # matched index terms, for highlighting
    more: bool = False  # search_ids: more documents match than the `limit` given back


def _clause(reader, word: str, term: str, fields: dict[str, float], fuzzy: bool = False):
    """The term in any of the fields; with fuzzy, also the indexed terms its typos reach (by length, as the FAQ's)."""
    choices = []
    for name, boost in fields.items():
        choices.append(Term(name, term, boost=boost))
        if fuzzy:
            choices.extend(Term(name, t, boost=boost * TYPO_WEIGHT)
                           for t in sorted(typo_terms(reader, name, word, term, typo_distance(word))))
    return Or(choices)


def build_query(reader, text: str, fields: dict[str, float], *, match_all: bool = True, fuzzy: bool = True):
    """Every word must appear in one of the fields (or only some, match_all=False); None for no words.

    With fuzzy=True a word may also have typos (typo_distance: the first letter too, a swap counting as one),
    and two neighbouring words may be one compound written apart («کنترل پنل» meets «کنترل‌پنل»).
    """
    pairs = query_pairs(text)
    if not pairs:
        return None
    clauses = [_clause(reader, word, term, fields, fuzzy) for word, term in pairs]
    if not match_all:
        return Or(clauses)
    alternatives = [And(clauses)]
    words = query_words(text)
    if fuzzy and len(words) == len(pairs) and 1 < len(words) <= MAX_COMPOUND_WORDS:
        for i in range(len(words) - 1):
            joined = query_terms(words[i] + words[i + 1])
            if joined:
                alternatives.append(And(clauses[:i] + [_clause(reader, "", joined[0], fields)] + clauses[i + 2:]))
    return alternatives[0] if len(alternatives) == 1 else Or(alternatives)


def search(settings: IndexSettings, index_name: str, text: str, fields: dict[str, float], *,
           hide: dict[str, str] | None = None, page: int = 1, per_page: int = 10,
           match_all: bool = True, fuzzy: bool = True, ranked: bool = False,
           synonym_groups: list[list[str]] = ()) -> SearchResult:
    """One page of matching ids, best first, and the total (counted up to MAX_RESULTS).

    `hide` leaves out documents whose ID fields match (a mask: cheap when they are few, like drafts).
    The exact words are tried first; typo tolerance (slower) only when they find nothing. With
    ranked=True, one ranked-OR query (build_ranked_query) instead.
    """
    mask = Or([Term(k, v) for k, v in hide.items()]) if hide else None
    page = max(page, 1)
    with searcher(settings, index_name) as s:
        limit = max(MAX_RESULTS, page * per_page)
        start = (page - 1) * per_page
        if ranked:  # one query: typos are always tried, alongside the exact words
            ranked_query = build_ranked_query(s.reader(), text, fields, synonym_groups)
            if ranked_query is None:
                return SearchResult([], 0)
            q = ranked_query.query
            # Scored as arrays (array_scoring): Whoosh's collector would walk each of thousands of matches in Python.
            best = ranked_query.best(array_scoring.score(s, q, hide=hide), limit)
            shown = [int(s.stored_fields(docnum)["id"]) for docnum in best[start:start + per_page]]
            return SearchResult(shown, len(best), _words_to_mark(q))
        for tolerant in (False, True) if fuzzy else (False,):
            q = build_query(s.reader(), text, fields, match_all=match_all, fuzzy=tolerant)
            if q is None:
                return SearchResult([], 0)
            # Ranking the first MAX_RESULTS lets Whoosh skip low-scoring blocks instead of counting every match.
            results = s.search(q, limit=limit, mask=mask)
            if results.scored_length():
                break
        ids = [int(hit["id"]) for hit in results[start:start + per_page]]
        return SearchResult(ids, results.scored_length(), _words_to_mark(q))


def _with_exact(q, text: str, exact_field: str | None):
    """`q`, or else a document whose `exact_field` holds one of the identifiers typed, whole."""
    values = identifier_terms(text) if exact_field else []
    if not values:
        return q
    exact = Or([Term(exact_field, value, boost=5.0) for value in values])
    return exact if q is None else Or([q, exact])


def search_ids(settings: IndexSettings, index_name: str, text: str, fields: dict[str, float], *,
               limit: int = 500, match_all: bool = True, exact_field: str | None = None) -> SearchResult:
    """Up to `limit` ids best first; for callers that filter the ids further before paging.

    `exact_field` holds identifiers: they match only when typed whole, never with a typo.
    """
    with searcher(settings, index_name) as s:
        for tolerant in (False, True):
            q = _with_exact(build_query(s.reader(), text, fields, match_all=match_all, fuzzy=tolerant), text, exact_field)
            if q is None:
                return SearchResult([], 0)
            results = s.search(q, limit=limit)
            if len(results):
                break
        return SearchResult([int(hit["id"]) for hit in results], len(results), _words_to_mark(q),
                            more=len(results) > limit)


def _words_to_mark(q) -> frozenset[str]:
    """The query's terms (a typo's neighbours among them): what a snippet highlights."""
    words = set()
    for leaf in q.leaves():
        if isinstance(leaf, Term):
            words.add(leaf.text)
    return frozenset(w.decode("utf-8") if isinstance(w, bytes) else w for w in words)


class _SnippetFormatter(HtmlFormatter):
    """Fragments widened to whole words (a title keeps its closing ؟ or quote), with … where text was cut."""

    def format_fragment(self, fragment, replace=False):
        text = fragment.text
        while fragment.startchar > 0 and not text[fragment.startchar - 1].isspace():
            fragment.startchar -= 1
        while fragment.endchar < len(text) and not text[fragment.endchar].isspace():
            fragment.endchar += 1
        out = super().format_fragment(fragment, replace)
        head = "… " if text[:fragment.startchar].strip() else ""
        tail = " …" if text[fragment.endchar:].strip() else ""
        return head + out + tail


def highlight(text: str, terms: frozenset[str], *, maxchars: int = 220) -> Markup:
    """An escaped snippet of `text` with the matched words (as written there) in <mark>; … marks a cut."""
    text = text or ""
    if terms:
        fragments = whoosh_highlight(text, terms, analyzer(), ContextFragmenter(maxchars=maxchars, surround=60),
                                     _SnippetFormatter(tagname="mark", between=" "), top=2)
        if fragments:
            return Markup(fragments.replace("… …", "…"))
    short = text if len(text) <= maxchars else text[:maxchars].rsplit(" ", 1)[0] + " …"
    return escape(short)


def did_you_mean(settings: IndexSettings, index_name: str, text: str, fields: list[str], *,
                 hide: dict[str, str] | None = None) -> str | None:
    """The query with unknown words replaced by the closest indexed words, or None when nothing changes.

    With `hide`, a suggested word must occur in a document that is not hidden: drafts (which may hold a
    customer's text) never lend their words to a suggestion.
    """
    mask = Or([Term(k, v) for k, v in hide.items()]) if hide else None
    words = query_words(text)
    if not words:
        return None
    with searcher(settings, index_name) as s:
        reader = s.reader()
        corrected, changed = [], False
        for word in words:
            stemmed = (query_terms(word) or [word])[0]
            if any(reader.frequency(name, stemmed) for name in fields):
                corrected.append(word)
                continue
            suggestion = None
            for name in fields:
                found = s.corrector(name).suggest(word, limit=1 if mask is None else 10,
                                                  maxdist=2 if len(word) > 4 else 1, prefix=1)
                found = [w for w in found if mask is None or s.search(Term(name, w), limit=1, mask=mask)]
                if found:
                    suggestion = found[0]
                    break
            corrected.append(suggestion or word)
            changed = changed or bool(suggestion)
    return " ".join(corrected) if changed else None


def more_like(settings: IndexSettings, index_name: str, doc_id: int, text: str, field_name: str, *,
              hide: dict[str, str] | None = None, top: int = 5) -> list[int]:
    """Ids of the documents most like this one: more-like-this over its weighted key terms."""
    with searcher(settings, index_name) as s:
        key_terms = s.key_terms_from_text(field_name, text, numterms=8)
        if not key_terms:
            return []
        q = Or([Term(field_name, word, boost=weight) for word, weight in key_terms])
        mask = Or([Term("id", str(doc_id))] + [Term(k, v) for k, v in (hide or {}).items()])
        return [int(hit["id"]) for hit in s.search(q, limit=top, mask=mask)]


def similar_groups(settings: IndexSettings, index_name: str, texts: dict[int, str], field_name: str, *,
                   ratio: float = 0.4, numterms: int = 10) -> list[list[int]]:
    """Groups of at least two similar documents among `texts` (id -> text), largest first.

    More-like-this: each document's weighted key terms are searched among the others; a document
    joins the group when it scores at least `ratio` of what the document scores against itself.
    """
    groups: list[list[int]] = []
    with searcher(settings, index_name) as s:
        docnums = {doc_id: s.document_number(id=str(doc_id)) for doc_id in texts}
        allowed = {n for n in docnums.values() if n is not None}
        assigned: set[int] = set()
        for doc_id, text in texts.items():
            if doc_id in assigned or docnums.get(doc_id) is None:
                continue
            key_terms = s.key_terms_from_text(field_name, text, numterms=numterms)
            if not key_terms:
                continue
            q = Or([Term(field_name, word, boost=weight) for word, weight in key_terms])
            ranked = [(int(hit["id"]), hit.score) for hit in s.search(q, limit=None, filter=allowed)]
            own = next((score for i, score in ranked if i == doc_id), None)
            if not own:
                continue
            members = [i for i, score in ranked if i not in assigned and score >= ratio * own]
            if len(members) >= 2:
                groups.append(members)
                assigned.update(members)
    groups.sort(key=len, reverse=True)
    return groups
