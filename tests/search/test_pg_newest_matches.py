"""PostgreSQL's search finds the newest matches of a query by reading the newest documents one by one or by asking
the GIN index for an id range, whichever the share of matches seen calls for. Each way must give exactly the
newest matches, whatever the words' frequency and the access policy. With the thresholds made small, a few hundred
documents take every path a million do."""
import pytest
from sqlalchemy import insert, select, text

from portal.extensions import db as _db
from portal.search import pg_candidates
from portal.search.models import SearchDocument
from portal.search.pg_terms import document_vector

DOCUMENTS = 600
COMMON, MEDIUM, RARE, HIDDEN, NOWHERE = "مودم", "دامنه", "گواهینامه", "صورتحساب", "کهکشان"


def words_of(doc_id: int) -> list[str]:
    words = ["تیکت"]
    if doc_id % 2 == 0:
        words.append(COMMON)
    if doc_id % 37 == 0:
        words.append(MEDIUM)
    if doc_id in (5, 290):
        words.append(RARE)
    if doc_id % 3 == 1:  # never in a document the policy below lets through
        words.append(HIDDEN)
    return words


@pytest.fixture
def documents(db):
    if _db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's search needs PostgreSQL")
    rows = []
    for doc_id in range(1, DOCUMENTS + 1):
        vector, _ = document_vector("tickets", {"subject": " ".join(words_of(doc_id))})
        rows.append({"kind": "tickets", "doc_id": doc_id, "vector": vector,
                     "status": "closed" if doc_id % 5 == 0 else "open", "digest": ""})
    _db.session.execute(insert(SearchDocument.__table__), rows)
    _db.session.execute(text("ANALYZE search_documents"))
    return rows


@pytest.fixture
def small_thresholds(monkeypatch):
    monkeypatch.setattr(pg_candidates, "PROBE_ROWS", 20)
    monkeypatch.setattr(pg_candidates, "WALK_ROWS", 60)
    monkeypatch.setattr(pg_candidates, "MAX_CHECKS", 10_000)
    monkeypatch.setattr(pg_candidates, "WIDE_RANGE", 150)


def visible():
    """A policy as ticket search passes it: a select of the ids this person may see (every third one)."""
    return select(SearchDocument.doc_id).where(SearchDocument.kind == "tickets", SearchDocument.doc_id % 3 == 0)


def expected(word, wanted, *, policy=False, closed_hidden=False):
    ids = [i for i in range(DOCUMENTS, 0, -1) if word in words_of(i)
           and (not policy or i % 3 == 0) and (not closed_hidden or i % 5 != 0)]
    return ids[:wanted]


def statements(app):
    from sqlalchemy import event

    seen = []
    listener = lambda conn, cursor, statement, *args: seen.append(statement)  # noqa: E731
    event.listen(_db.engine, "before_cursor_execute", listener)
    return seen, lambda: event.remove(_db.engine, "before_cursor_execute", listener)


@pytest.mark.parametrize("word", [COMMON, MEDIUM, RARE, NOWHERE])
@pytest.mark.parametrize("wanted", [5, 40])
def test_the_newest_matches_whatever_the_frequency(documents, small_thresholds, word, wanted):
    assert pg_candidates.newest_matches("tickets", f"'{word}'", wanted=wanted).ids == expected(word, wanted)


@pytest.mark.parametrize("word", [COMMON, MEDIUM, RARE])
def test_the_policy_and_hidden_statuses_apply_on_every_path(documents, small_thresholds, word):
    found = pg_candidates.newest_matches("tickets", f"'{word}'", wanted=30, statuses=["closed"], within=visible())
    assert found.ids == expected(word, 30, policy=True, closed_hidden=True)


def test_each_path_is_taken(app, documents, small_thresholds):
    seen, stop = statements(app)
    try:
        pg_candidates.newest_matches("tickets", f"'{COMMON}'", wanted=30)  # 10 in 20: 51 more read one by one
        walks = sum(") AS read" in s for s in seen)
        pg_candidates.newest_matches("tickets", f"'{RARE}'", wanted=40)  # none in 20: the GIN index, once
        ranges = sum("doc_id + " in s for s in seen)
    finally:
        stop()
    assert walks == 2
    assert ranges == 1


def test_a_sparse_query_asks_the_gin_index_for_every_older_match_at_once(app, documents, small_thresholds):
    """1 match in the 20 newest: 5 wanted, a range of 100 ids bounded by the primary key; 40 wanted, a range wider
    than WIDE_RANGE, so every older id, the bounds checked on each match."""
    seen, stop = statements(app)
    try:
        assert pg_candidates.newest_matches("tickets", f"'{MEDIUM}'", wanted=5).ids == expected(MEDIUM, 5)
        narrow = [s for s in seen if "AS newest" in s]
        seen.clear()
        assert pg_candidates.newest_matches("tickets", f"'{MEDIUM}'", wanted=40).ids == expected(MEDIUM, 40)
        wide = [s for s in seen if "AS newest" in s]
    finally:
        stop()
    assert len(narrow) == 1 and "candidate.doc_id >= " in narrow[0]
    assert len(wide) == 1 and "candidate.doc_id >= " not in wide[0] and "candidate.doc_id + " in wide[0]


def test_words_only_in_documents_the_policy_hides(documents, small_thresholds, monkeypatch):
    """Common words, none of them in a document this person may see: read one by one up to WALK_ROWS, then the
    GIN index only while the matches left to check are few."""
    assert pg_candidates.newest_matches("tickets", f"'{HIDDEN}'", wanted=10, within=visible()) == ([], True)
    monkeypatch.setattr(pg_candidates, "MAX_CHECKS", 10)
    seen, stop = statements(None)
    try:
        assert pg_candidates.newest_matches("tickets", f"'{HIDDEN}'", wanted=10, within=visible()) == ([], True)
    finally:
        stop()
    assert not any("doc_id + " in s for s in seen)  # too many to check: stopped after the documents read
