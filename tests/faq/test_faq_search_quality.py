"""Persian search quality: each spelling variant a person may type finds the same article."""
import pytest

from portal.faq import finding


@pytest.fixture
def library(make_article, make_faq_category):
    category = make_faq_category(name="اینترنت و قطعی")
    return {
        "books": make_article("کتاب‌های راهنمای مودم را از کجا بگیرم؟",
                              "کتابچهٔ راهنما در جعبهٔ مودم است و نسخهٔ PDF آن در سایت هست.", category=category),
        "outage": make_article("اینترنت قطع می‌شود؛ چه کنم؟",
                               "مودم را خاموش و روشن کنید و چراغ DSL را ببینید.", category=category),
        "renew": make_article("دامنهٔ منقضی‌شده را تا چند روز می‌توان تمدید کرد؟",
                              "تا 30 روز پس از انقضا با هزینهٔ عادی تمدید می‌شود.", category=category),
        "password": make_article("رمز عبور را چطور تغییر دهم؟",
                                 "از منوی حساب من گزینهٔ تغییر رمز عبور را بزنید.", category=category),
        "servers": make_article("سرور مجازی لینوکسی", "سیستم‌عامل سرور را از پنل انتخاب کنید.", category=category),
    }


def _found(text):
    return [found.item.id for found in finding.search_articles(text).items]


@pytest.mark.parametrize("query, key", [
    ("كتاب", "books"),  # Arabic kaf
    ("کتاب", "books"),
    ("کتاب ها", "books"),  # plural written with a space
    ("کتابها", "books"),
    ("راهنماي مودم", "books"),  # Arabic yeh
    ("قطع مي شود", "outage"),  # Arabic yeh and a space
    ("قطع میشود", "outage"),  # no ZWNJ
    ("قطع می‌شود", "outage"),  # with ZWNJ
    ("۳۰ روز", "renew"),  # Persian digits
    ("٣٠ روز", "renew"),  # Arabic-Indic digits
    ("30 روز", "renew"),
    ("سرورها", "servers"),  # plural meets singular
    ("رمز عبود", "password"),  # one-letter typo
    ("تغیر رمز", "password"),  # a letter missing
])
def test_each_variant_finds_the_article(library, query, key):
    assert library[key].id in _found(query)


def test_question_matches_rank_above_answer_matches(make_article):
    in_answer = make_article("فاکتور رسمی", "برای تمدید هاست، فاکتور رسمی صادر می‌شود.")
    in_question = make_article("تمدید هاست چگونه است؟", "از پنل اقدام کنید.")
    assert _found("تمدید هاست")[:2] == [in_question.id, in_answer.id]


def test_did_you_mean_offers_the_whole_word(library):
    results = finding.search_articles("رمز عبود")
    assert results.did_you_mean == "رمز عبور"
    assert finding.search_articles("رمز عبور").did_you_mean is None


def test_snippet_highlights_the_word_as_written(make_article):
    make_article("راهنما", "در این کتاب‌ها همه‌چیز آمده است.")
    snippet = str(finding.search_articles("كتاب").items[0].snippet)
    assert "کتاب‌ها</mark>" in snippet


def test_drafts_are_never_found(make_article):
    make_article("پیش‌نویس محرمانه دربارهٔ تعرفه", "متن", status="draft")
    assert finding.search_articles("تعرفه").items == []
    assert finding.suggest_articles("تعرفه") == []


def test_results_are_paged(make_article, make_faq_category):
    category = make_faq_category()
    for n in range(13):
        make_article(f"مودم شمارهٔ {n}", "تنظیم مودم", category=category)
    first, second = finding.search_articles("مودم", page=1), finding.search_articles("مودم", page=2)
    assert (first.total, len(first.items), len(second.items)) == (13, 10, 3)
    assert not {f.item.id for f in first.items} & {f.item.id for f in second.items}


def test_highlighted_title_keeps_its_question_mark_and_cut_snippets_end_with_an_ellipsis(make_article):
    long_answer = "مقدمه‌ای طولانی دربارهٔ خدمات " * 12 + "برای تغییر گذرواژه به صفحهٔ حساب بروید " + "و توضیح بیشتر " * 30
    make_article("چگونه گذرواژه را تغییر دهم؟", long_answer)
    found = finding.search_articles("گذرواژه").items[0]
    assert str(found.title).endswith("تغییر دهم؟")
    snippet = str(found.snippet)
    assert "گذرواژه</mark>" in snippet
    assert snippet.startswith("… ") and snippet.endswith(" …")
