"""Digits, letter normalisation and Iranian identifiers in portal.persian."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from portal.persian import (
    ARABIC_DIGITS,
    PERSIAN_DIGITS,
    classify_identifier,
    is_valid_national_code,
    mask_mobile,
    mask_national_code,
    normalize_email,
    normalize_letters,
    normalize_mobile,
    normalize_national_code,
    normalize_text,
    to_ascii_digits,
    to_persian_digits,
)

ASCII_TO_PERSIAN = str.maketrans("0123456789", PERSIAN_DIGITS)
ASCII_TO_ARABIC = str.maketrans("0123456789", ARABIC_DIGITS)


def check_digit(first_nine: str) -> str:
    """The national-code check digit, computed independently of the module."""
    total = sum(int(d) * (10 - i) for i, d in enumerate(first_nine)) % 11
    return str(total if total < 2 else 11 - total)


nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)
valid_codes = nine_digits.map(lambda n: n + check_digit(n)).filter(lambda c: len(set(c)) > 1)
mobiles = st.text(alphabet="0123456789", min_size=9, max_size=9).map(lambda rest: "09" + rest)


# ---- digits ------------------------------------------------------------------------------------


def test_digit_tables_are_the_real_scripts():
    assert PERSIAN_DIGITS == "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9"
    assert ARABIC_DIGITS == "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"


def test_digit_conversion_examples():
    assert to_ascii_digits("۱۴۰۵/٠٩/01") == "1405/09/01"
    assert to_persian_digits("ticket 42") == "ticket ۴۲"
    assert to_persian_digits(1405) == "۱۴۰۵"
    assert to_persian_digits("٤٥٦") == "۴۵۶"
    assert to_persian_digits(None) == ""


def test_persian_digits_keep_markup_safe():
    from markupsafe import Markup

    result = to_persian_digits(Markup("<b>12</b>"))
    assert isinstance(result, Markup)
    assert result == Markup("<b>۱۲</b>")


@given(st.integers())
def test_integer_round_trip(number):
    persian = to_persian_digits(number)
    assert not any(c in "0123456789" for c in persian)
    assert to_ascii_digits(persian) == str(number)


@given(st.text())
def test_text_round_trip(text):
    assert to_ascii_digits(to_persian_digits(text)) == to_ascii_digits(text)
    assert to_persian_digits(to_ascii_digits(text)) == to_persian_digits(text)


@given(st.text(alphabet="0123456789", min_size=1))
def test_every_script_reads_back_as_ascii(digits):
    assert to_ascii_digits(digits.translate(ASCII_TO_PERSIAN)) == digits
    assert to_ascii_digits(digits.translate(ASCII_TO_ARABIC)) == digits


# ---- letters and text --------------------------------------------------------------------------


def test_arabic_letter_forms_become_persian():
    assert normalize_letters("علي") == "علی"
    assert normalize_letters("موسى") == "موسی"
    assert normalize_letters("كريم") == "کریم"
    assert normalize_letters("فاطمة") == "فاطمه"
    assert normalize_letters("خانۀ") == "خانه"
    assert normalize_letters("أحمد إبراهيم") == "احمد ابراهیم"
    assert normalize_letters("مسئول") == "مسیول"
    assert normalize_letters("مؤسسه") == "موسسه"


def test_alef_madda_is_kept_even_when_decomposed():
    assert normalize_letters("آب") == "آب"
    assert normalize_letters("ا\u0653ب") == "آب"


def test_diacritics_tatweel_and_invisibles_are_removed_but_zwnj_kept():
    assert normalize_letters("مُحَمَّد") == "محمد"
    assert normalize_letters("سلـــام") == "سلام"
    assert normalize_letters("\ufeffعلی\u200b\u200f\u00ad") == "علی"
    assert normalize_letters("می\u200cروم") == "می\u200cروم"
    assert normalize_letters("۱۲٣") == "123"


def test_normalize_text_matches_spelling_variants():
    assert normalize_text("  علي   كريمي ") == normalize_text("علی کریمی") == "علی کریمی"
    assert normalize_text("می\u200cروم") == "می روم"
    assert normalize_text("Reza\tALAVI") == "reza alavi"


@given(st.text())
def test_normalize_text_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(st.text())
def test_normalize_letters_is_idempotent(text):
    once = normalize_letters(text)
    assert normalize_letters(once) == once


@given(st.text(alphabet="يىكةۀأإٱؤ\u064e\u0650\u0640 abc"))
def test_normalize_letters_leaves_no_arabic_variants(text):
    assert not set(normalize_letters(text)) & set("يىكةۀأإٱؤ\u064e\u0650\u0640")


# ---- national code -----------------------------------------------------------------------------


def test_known_national_code():
    assert is_valid_national_code("0499370899")
    assert is_valid_national_code("۰۴۹۹۳۷۰۸۹۹")
    assert normalize_national_code("049-937089-9") == "0499370899"
    assert normalize_national_code(" ٠٤٩٩٣٧٠٨٩٩ ") == "0499370899"
    assert not is_valid_national_code("0499370898")


@given(valid_codes)
def test_computed_check_digit_is_valid(code):
    assert is_valid_national_code(code)
    assert normalize_national_code(code.translate(ASCII_TO_PERSIAN)) == code


@given(valid_codes, st.sampled_from("0123456789"))
def test_changing_the_check_digit_invalidates(code, other):
    assume(other != code[-1])
    assert not is_valid_national_code(code[:-1] + other)
    assert normalize_national_code(code[:-1] + other) is None


@given(st.integers(min_value=1, max_value=2), st.data())
def test_leading_zeros_may_be_left_out(zeros, data):
    rest = data.draw(st.text(alphabet="0123456789", min_size=9 - zeros, max_size=9 - zeros))
    first_nine = "0" * zeros + rest
    code = first_nine + check_digit(first_nine)
    assume(len(set(code)) > 1)
    assert normalize_national_code(code[zeros:]) == code


@pytest.mark.parametrize("digit", "0123456789")
def test_all_same_digit_is_rejected(digit):
    code = digit * 10
    assert not is_valid_national_code(code)


def test_all_same_digit_is_rejected_even_when_the_checksum_holds():
    # 1111111111 passes the arithmetic, yet is a well-known fake.
    assert check_digit("111111111") == "1"
    assert not is_valid_national_code("1111111111")


@pytest.mark.parametrize("value", ["", None, "1234567", "12345678901", "04993708a9", "abcdefghij"])
def test_malformed_national_codes(value):
    assert normalize_national_code(value) is None


# ---- mobile ------------------------------------------------------------------------------------


@st.composite
def written_mobiles(draw):
    """A canonical mobile and one of the many ways people write it."""
    canonical = draw(mobiles)
    rest = canonical[1:]
    prefix = draw(st.sampled_from(["", "0", "+98", "+98 ", "0098", "0098 ", "98", "+98 (0)"]))
    separator = draw(st.sampled_from(["", " ", "-", " - "]))
    body = separator.join([rest[:3], rest[3:6], rest[6:]])
    script = draw(st.sampled_from([None, ASCII_TO_PERSIAN, ASCII_TO_ARABIC]))
    written = prefix + body
    if script:
        written = written.translate(script)
    return canonical, written


@given(written_mobiles())
def test_every_written_form_gives_the_canonical_mobile(case):
    canonical, written = case
    assert normalize_mobile(written) == canonical


def test_mobile_examples():
    assert normalize_mobile("۰۹۱۲۱۲۳۴۵۶۷") == "09121234567"
    assert normalize_mobile("+98 912 123 4567") == "09121234567"
    assert normalize_mobile("0098 912-123-4567") == "09121234567"
    assert normalize_mobile("989121234567") == "09121234567"
    assert normalize_mobile("9121234567") == "09121234567"


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "02112345678",  # Tehran landline
        "0912123456",  # one digit short
        "091212345678",  # one digit long
        "+1 912 123 4567",
        "+44 9121234567",
        "0912abc4567",
        "8121234567",
    ],
)
def test_not_a_mobile(value):
    assert normalize_mobile(value) is None


# ---- email and masks ---------------------------------------------------------------------------


def test_normalize_email():
    assert normalize_email("  Ali.Rezaei@Example.IR ") == "ali.rezaei@example.ir"
    assert normalize_email("ali۱۲@example.ir") == "ali12@example.ir"
    assert normalize_email("   ") is None
    assert normalize_email(None) is None


def test_mask_mobile():
    assert mask_mobile("09121234567") == "0912…4567"
    assert mask_mobile("+98 912 123 4567") == "0912…4567"
    assert mask_mobile("") == ""
    assert mask_mobile(None) == ""


def test_mask_national_code():
    assert mask_national_code("0499370899") == "049…99"
    assert mask_national_code("۰۴۹۹۳۷۰۸۹۹") == "049…99"
    assert mask_national_code("") == ""


def test_masks_never_reveal_short_values():
    assert mask_mobile("1234") == "…"
    assert mask_national_code("12") == "…"


def test_a_mask_cannot_be_read_as_a_digit():
    """The bullet looks like the Persian zero in Vazirmatn; the mask must be no digit in any script."""
    for masked in (mask_mobile("09121234567"), mask_national_code("0499370899"), mask_mobile("12")):
        hidden = masked.replace("0912", "").replace("4567", "").replace("049", "").replace("99", "")
        assert hidden == "…" and not any(ch.isdigit() or ch in "•·.0۰٠o" for ch in hidden)


@given(mobiles)
def test_masked_mobile_hides_the_middle(mobile):
    masked = mask_mobile(mobile)
    assert masked == mobile[:4] + "…" + mobile[-4:]


# ---- login identifiers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("  Ali@Example.COM ", ("email", "ali@example.com")),
        ("۰۹۱۲۱۲۳۴۵۶۷", ("mobile", "09121234567")),
        ("+98 912 123 4567", ("mobile", "09121234567")),
        ("0499370899", ("national_code", "0499370899")),
        ("۰۴۹۹۳۷۰۸۹۹", ("national_code", "0499370899")),
        ("049-937089-9", ("national_code", "0499370899")),
        ("0499370898", ("customer_number", "0499370898")),
        ("١٢٣٤٥", ("customer_number", "12345")),
        ("Reza_Alavi", ("username", "reza_alavi")),
        ("علي", ("username", "علی")),
    ],
)
def test_classify_identifier_examples(typed, expected):
    assert classify_identifier(typed) == expected


@pytest.mark.parametrize("typed", [None, "", "   ", "\u200f"])
def test_classify_identifier_empty(typed):
    assert classify_identifier(typed) is None


@given(valid_codes)
def test_valid_ten_digits_are_a_national_code(code):
    # Even those starting with 9, which could also be a bare mobile.
    assert classify_identifier(code) == ("national_code", code)


@given(written_mobiles())
def test_written_mobiles_are_mobiles_unless_a_bare_national_code(case):
    canonical, written = case
    kind, value = classify_identifier(written)
    bare = to_ascii_digits(written).replace(" ", "").replace("-", "")
    if len(bare) == 10 and is_valid_national_code(bare):
        assert (kind, value) == ("national_code", bare)
    else:
        assert (kind, value) == ("mobile", canonical)


@given(st.text(alphabet="0123456789", min_size=1, max_size=20))
def test_other_digit_strings_are_customer_numbers(digits):
    assume(normalize_mobile(digits) is None)
    assume(not (len(digits) == 10 and is_valid_national_code(digits)))
    assert classify_identifier(digits.translate(ASCII_TO_PERSIAN)) == ("customer_number", digits)


@given(st.emails())
def test_anything_with_at_is_an_email(email):
    assert classify_identifier(" " + email.upper()) == ("email", email.lower())
