"""The analyzer turns spelling variants into the same terms and keeps offsets on the original text."""
import pytest

from portal.search.analyzer import analyzer, query_terms, query_words
from portal.search.query import highlight


@pytest.mark.parametrize("left, right", [
    ("كتاب", "کتاب"),  # Arabic kaf
    ("قطعي", "قطعی"),  # Arabic yeh
    ("می‌شود", "میشود"),  # ZWNJ
    ("می شود", "میشود"),  # space
    ("کتاب‌ها", "کتاب"),
    ("کتاب ها", "کتاب"),
    ("کتابهای", "کتاب"),
    ("سرورها", "سرور"),  # plural
    ("بزرگ‌تر", "بزرگ"),  # comparative
    ("۱۴۰۵", "1405"),
    ("١٤٠٥", "1405"),
    ("کِتاب", "کتاب"),  # kasra
    ("کتـــاب", "کتاب"),  # tatweel
    ("مؤسسه", "موسسه"),
])
def test_variants_give_the_same_terms(left, right):
    assert query_terms(left) == query_terms(right)


def test_stop_words_are_dropped_but_content_words_stay():
    assert query_terms("چطور رمز عبور را عوض کنم") == ["رمز", "عبور", "عوض", "کنم"]


def test_words_for_spelling_are_not_stemmed():
    assert query_words("کتاب های قدیمی") == ["کتابهای", "قدیمی"]


def test_token_offsets_point_at_the_original_text():
    text = "راهنمای كتاب‌ها و می شود"
    spans = [text[t.startchar:t.endchar] for t in analyzer()(text, chars=True, mode="query")]
    assert spans == ["راهنمای", "كتاب‌ها", "می شود"]


def test_highlight_marks_the_word_as_written_and_escapes_the_rest():
    text = "<b>نکته</b>: كتاب‌ها را در قفسه بگذارید"
    snippet = str(highlight(text, frozenset(query_terms("کتاب"))))
    assert "<mark" in snippet and "كتاب‌ها</mark>" in snippet
    assert "<b>" not in snippet and "&lt;/b&gt;" in snippet
