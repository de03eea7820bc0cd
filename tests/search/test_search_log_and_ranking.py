"""FAQ search: ranked OR with coordination, typo tolerance by word length, and the search log."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.faq import finding
from portal.models_base import utcnow
from portal.search import log as search_log
from portal.search.models import SearchLogEntry
from portal.search.ranking import typo_distance


@pytest.fixture
def article(db):
    from portal.faq import services

    category = services.create_category(name="راهنما")

    def make(question, answer="پاسخ", status="published"):
        return services.create_article(category=category, question=question, answer=answer, status=status)

    return make


def _found(text):
    return [found.item.id for found in finding.search_articles(text).items]


def test_more_of_the_words_ranks_first_and_most_of_them_still_appears(article):
    all_three = article("تنظیم ایمیل روی گوشی اندروید")
    two = article("تنظیم ایمیل در ویندوز")
    unrelated = article("تمدید دامنه")
    found = _found("تنظیم ایمیل اندروید")
    assert found[:2] == [all_three.id, two.id]
    assert unrelated.id not in found


@pytest.mark.parametrize("typed", [
    "پرینتر",     # as written
    "برینتر",     # first letter wrong
    "پرینرت",     # two neighbouring letters swapped
])
def test_typos_by_length_including_the_first_letter_and_swaps(article, typed):
    printer = article("پرینتر شبکه چاپ نمی‌کند")
    assert printer.id in _found(typed)


def test_long_words_allow_two_edits_short_words_none(article):
    long_word = article("پیکربندی فایروال")  # «پیکربندی» has 8 letters
    assert long_word.id in _found("پیکربندد")  # one edit
    assert long_word.id in _found("بیکربندد")  # two edits, first letter among them
    assert typo_distance("مود") == 0 and typo_distance("مودم") == 1 and typo_distance("پیکربند") == 2


def test_exact_words_score_above_typos(article):
    typo = article("راهنمای مودن")
    exact = article("راهنمای مودم")
    assert _found("مودم")[:2] == [exact.id, typo.id]


def test_every_first_page_is_logged_with_its_count_and_no_identifiers(app, db, article):
    article("تمدید دامنه")
    finding.search_articles("تمديد دامنه")  # Arabic yeh: logged normalised
    finding.search_articles("کد ۰۹۱۲۱۲۳۴۵۶۷ و ali@example.com")
    finding.search_articles("تمدید", page=2)  # paging is not a new search
    rows = db.session.execute(select(SearchLogEntry.query, SearchLogEntry.results, SearchLogEntry.scope)
                              .order_by(SearchLogEntry.id)).all()
    assert rows == [("تمدید دامنه", 1, "faq"), ("کد # و #", 0, "faq")]


def test_unanswered_searches_most_frequent_first(app, db):
    now = utcnow()
    for text, results in (("پسورد", 0), ("پسورد", 0), ("وای فای", 0), ("تمدید", 3)):
        search_log.record("faq", text, results, at=now)
    search_log.record("faq", "قدیمی", 0, at=now - timedelta(days=40))
    assert search_log.unanswered(since=now - timedelta(days=30)) == [("پسورد", 2), ("وای فای", 1)]
