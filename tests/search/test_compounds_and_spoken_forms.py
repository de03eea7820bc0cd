"""Words glued or split differently, clitics written apart and colloquial endings find the same articles."""
import pytest

from portal.faq import finding
from portal.search import synonyms
from portal.search.analyzer import query_terms, query_tokens, spoken_variants


@pytest.fixture
def article(db):
    from portal.faq import services

    category = services.create_category(name="راهنما")

    def make(question, answer="پاسخ"):
        return services.create_article(category=category, question=question, answer=answer, status="published")

    return make


@pytest.fixture
def fillers(article):
    """Articles that share words with the others, so that word weights mean something."""
    for question in ("تمدید دامنه", "خرید هاست", "پنل پیامک", "مرحله دوم ثبت‌نام", "حساب بانکی", "سرعت اینترنت",
                     "ورود با موبایل", "فاکتور رسمی"):
        article(question, "متن راهنما")


def _found(text):
    return [found.item.id for found in finding.search_articles(text).items]


@pytest.mark.parametrize("written, typed", [
    ("ورود به کنترل‌پنل هاست", "کنترل پنل"),  # article glued, query split
    ("ورود به کنترل پنل هاست", "کنترلپنل"),  # article split, query glued
    ("ورود به کنترل پنل هاست", "کنترل‌پنل"),
    ("نام کاربری را فراموش کرده‌ام", "نامکاربری"),
    ("ساخت زیردامنه برای سایت", "زیر دامنه"),  # «زیر» alone is a stop word
    ("ورود دومرحله‌ای را فعال کنید", "ورود دو مرحله ای"),
])
def test_compounds_match_glued_or_split_both_ways(article, fillers, written, typed):
    wanted = article(written)
    assert _found(typed)[:1] == [wanted.id]


def test_a_compound_ranks_above_its_words_apart(article, fillers):
    apart = article("منوی دامنه", "پاسخ")
    compound = article("ساخت زیردامنه", "پاسخ")
    found = _found("زیر دامنه")
    assert found[0] == compound.id and apart.id in found


@pytest.mark.parametrize("left, right", [
    ("ایمیل‌هایم", "ایمیل"),  # joined, «ایمیلهایم» stemmed to «ایمیله»
    ("بسته‌ی", "بستهٔ"),  # ezafe written with ZWNJ and yeh
    ("حساب کاربری‌ام", "حساب کاربری"),
    ("دومرحله‌ای", "دومرحله"),
])
def test_clitics_written_apart_leave_the_word_alone(left, right):
    assert query_terms(left) == query_terms(right)


def test_query_tokens_keep_stop_words_for_compounds():
    assert query_tokens("زیر دامنه‌ها") == [("زیر", True, "زیر"), ("دامنهها", False, "دامنه")]


def test_spoken_endings_come_off_longest_first():
    assert spoken_variants("پسوردمو") == ["پسورد", "پسوردم"]
    assert spoken_variants("نت") == []


def test_colloquial_forms_reach_the_synonym_table(article):
    wanted = article("نام کاربری را فراموش کرده‌ام", "با موبایل هم می‌توانید وارد شوید.")
    synonyms.replace_all([["نام کاربری", "یوزرنیم"], ["فراموش", "یادم رفته"]])
    assert _found("یوزرنیمم یادم رفته") == [wanted.id]
