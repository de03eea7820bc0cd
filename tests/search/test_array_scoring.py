"""The FAQ's ranked query scored as arrays gives Whoosh's own scores, over several segments, with deleted and hidden
documents left out; typo lookups read the index's current words."""
import pytest
from whoosh.query import And, Or, Term

from portal.search import IndexSettings, Source, array_scoring, index, vocabulary
from portal.search.index import searcher
from portal.search.ranking import build_ranked_query
from portal.search.schemas import ARTICLE_FIELDS, ARTICLES, article_schema
from portal.search.synonyms import parse

ARTICLES_TEXT = {
    1: ("چطور رمز عبور ایمیل را تغییر دهم؟", "به بخش حساب من بروید و رمز تازه بسازید."),
    2: ("مودم قطع می‌شود؛ چه کنم؟", "مودم را خاموش و روشن کنید. اگر اینترنت قطع است تیکت باز کنید."),
    3: ("گذرواژه را فراموش کرده‌ام", "از صفحهٔ ورود گزینهٔ فراموشی رمز را بزنید."),
    4: ("تمدید دامنه", "دامنه را پیش از انقضا تمدید کنید؛ رمز پنل دامنه جداست."),
    5: ("اینترنت کند شده است", "کابل شبکه را به‌جای وای‌فای امتحان کنید."),
    6: ("پیش‌نویس: رمز مودم", "این مقاله هنوز منتشر نشده است."),
}
GROUPS = parse("رمز عبور، گذرواژه، پسورد")


def _fields(doc_id):
    question, answer = ARTICLES_TEXT[doc_id]
    return {"question": question, "answer": answer, "category": "راهنما",
            "status": "draft" if doc_id == 6 else "published"}


@pytest.fixture
def settings(tmp_path):
    """An index of three segments (one commit each), the second article replaced: a deleted document remains."""
    settings = IndexSettings(str(tmp_path / "index"))
    source = Source(ARTICLES, article_schema(), lambda ids, bind=None: {i: _fields(i) for i in ids}, lambda: [])
    index.bulk_add(settings, source, ((i, _fields(i)) for i in (1, 2, 3)))
    index.bulk_add(settings, source, ((i, _fields(i)) for i in (4, 5, 6)))
    index.apply(settings, source, [2])
    return settings


def _whoosh_scores(s, query, hidden):
    mask = Or([Term("status", "draft")]) if hidden else None
    return {hit.docnum: hit.score for hit in s.search(query, limit=None, mask=mask)}


@pytest.mark.parametrize("text", ["رمز عبور", "مودم قطع", "اینترنت کند", "گدرواژه", "تمدید دامنه رمز"])
def test_scores_are_whooshs_own(settings, text):
    with searcher(settings, ARTICLES) as s:
        assert len(s.leaf_searchers()) > 1 and s.reader().has_deletions()
        query = build_ranked_query(s.reader(), text, ARTICLE_FIELDS, GROUPS).query
        expected = _whoosh_scores(s, query, hidden=True)
        scored = array_scoring.score(s, query, hide={"status": "draft"})
    found = {int(n): float(scored.scores[n]) for n in scored.matched.nonzero()[0]}
    assert expected and found.keys() == expected.keys()
    for docnum, score in expected.items():
        assert found[docnum] == pytest.approx(score, rel=1e-9)


def test_and_counts_only_when_every_part_matches(settings):
    query = Or([And([Term("question", "مودم"), Term("answer", "کابل")]), Term("question", "اینترنت", boost=2.0)])
    with searcher(settings, ARTICLES) as s:
        expected = _whoosh_scores(s, query, hidden=False)
        scored = array_scoring.score(s, query)
        ids = {int(n): s.stored_fields(int(n))["id"] for n in scored.matched.nonzero()[0]}
    assert sorted(ids.values()) == ["5"]  # «مودم» and «کابل» are never in one article
    assert {n: pytest.approx(float(scored.scores[n])) for n in ids} == expected


def test_hidden_and_replaced_documents_match_nothing(settings):
    with searcher(settings, ARTICLES) as s:
        scored = array_scoring.score(s, Term("question", "مودم"), hide={"status": "draft"})
        found = [s.stored_fields(int(n))["id"] for n in scored.matched.nonzero()[0]]
        held = [s.stored_fields(int(n))["id"] for n in scored.held["مودم"].nonzero()[0]]
    assert found == held == ["2"]  # the draft (6) is hidden; the replaced first version of 2 is deleted


def test_an_article_with_too_few_of_the_words_is_left_out(settings):
    with searcher(settings, ARTICLES) as s:
        ranked = build_ranked_query(s.reader(), "قطع اینترنت مودم", ARTICLE_FIELDS)
        scored = array_scoring.score(s, ranked.query, hide={"status": "draft"})
        matched = sorted(s.stored_fields(int(n))["id"] for n in scored.matched.nonzero()[0])
        best = [s.stored_fields(n)["id"] for n in ranked.best(scored, 10)]
    assert matched == ["2", "5"]
    assert best == ["2"]  # all three words; «اینترنت» alone (5) is one word of three


def test_typo_lookup_counts_a_swap_as_one_edit_and_sees_new_words(settings, tmp_path):
    with searcher(settings, ARTICLES) as s:
        reader = s.reader()
        assert "اینترنت" in vocabulary.within(reader, "question", "اینترتن", 1)  # two neighbours swapped
        assert "مودم" in vocabulary.within(reader, "question", "بودم", 1)  # the first letter wrong
        assert vocabulary.within(reader, "question", "فایروال", 2) == set()
    source = Source(ARTICLES, article_schema(), lambda ids, bind=None: {
        7: {"question": "فایروال سرور", "answer": "", "category": "", "status": "published"}}, lambda: [])
    index.apply(settings, source, [7])
    with searcher(settings, ARTICLES) as s:
        assert "فایروال" in vocabulary.within(s.reader(), "question", "فایروآل", 2)


def test_kept_values_stay_within_their_budget_the_least_recent_going_first():
    from portal.search.recent import Recent

    kept = Recent(10, size=len)
    kept.get("a", lambda: "xxxx")
    kept.get("b", lambda: "xxxx")
    kept.get("a", lambda: "never made again")  # used again: now the most recent
    kept.get("c", lambda: "xxxx")  # 12 > 10: the least recent ("b") goes
    assert list(kept.values) == ["a", "c"] and kept.used == 8
    assert kept.get("a", lambda: "other") == "xxxx"
