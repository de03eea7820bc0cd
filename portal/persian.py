"""Persian text helpers: digits, letter normalisation and Iranian identifiers.

Pure functions with no Flask dependency, so models, forms and scripts can
all share one definition of "the same name" or "the same mobile number".
"""

from __future__ import annotations

import re
import unicodedata

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ASCII_DIGITS = "0123456789"

ZWNJ = "\u200c"

_TO_ASCII = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, ASCII_DIGITS * 2)
# Arabic-Indic digits are shown in Persian shapes too: ۴۵۶ differ from ٤٥٦.
_TO_PERSIAN = str.maketrans(ASCII_DIGITS + ARABIC_DIGITS, PERSIAN_DIGITS * 2)

# Arabic code points that Persian keyboards and old software produce for
# letters that look the same; search and matching must treat them as one.
_LETTERS = {
    "ي": "ی",  # Arabic yeh
    "ى": "ی",  # alef maksura
    "ئ": "ی",
    "ك": "ک",  # Arabic kaf
    "ة": "ه",
    "ۀ": "ه",
    "أ": "ا",
    "إ": "ا",
    "ٱ": "ا",
    "ؤ": "و",
}
_HARAKAT = [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670"]
_TATWEEL = "\u0640"
# Invisible characters that sneak in through copy and paste; ZWNJ is kept
# because it is part of correct Persian spelling (می‌روم).
_INVISIBLE = ["\u200b", "\ufeff", "\u200e", "\u200f", "\u00ad"]

_LETTER_TABLE = str.maketrans(
    {
        **_LETTERS,
        **{mark: None for mark in _HARAKAT + _INVISIBLE + [_TATWEEL]},
        **{d: a for d, a in zip(PERSIAN_DIGITS + ARABIC_DIGITS, ASCII_DIGITS * 2)},
    }
)

# Spaces, dashes, brackets, dots and invisible format characters people put
# inside numbers they type or paste.
_NUMBER_NOISE = re.compile(r"[\s\-\u2010-\u2015().\u200b-\u200f\ufeff\u00ad]")


def to_ascii_digits(text: str) -> str:
    """Turn Persian and Arabic-Indic digits into ASCII digits."""
    return text.translate(_TO_ASCII)


def to_persian_digits(text: object) -> str:
    """Show ASCII (and Arabic-Indic) digits as Persian digits; None gives ""."""
    if text is None:
        return ""
    # Keep str subclasses such as markupsafe.Markup, whose translate()
    # returns the same type, so templates do not escape them twice.
    if not isinstance(text, str):
        text = str(text)
    return text.translate(_TO_PERSIAN)


def normalize_letters(text: str) -> str:
    """Unify Arabic/Persian letter variants and digits, drop diacritics.

    آ is kept as its own letter. ZWNJ is kept; other invisible characters
    are removed. Digits of every script become ASCII.
    """
    if text is None:
        return ""
    # NFC first so a decomposed آ (ا + madda) is not stripped to ا below,
    # and again because removing invisible characters can join a letter
    # with a following combining mark.
    text = unicodedata.normalize("NFC", str(text)).translate(_LETTER_TABLE)
    return unicodedata.normalize("NFC", text)


def normalize_text(text: str) -> str:
    """Key for matching names and identifiers typed in different ways.

    ZWNJ counts as a space, whitespace runs collapse, case is folded.
    Full-text search does its own ZWNJ joining on top of this.
    """
    text = normalize_letters(text).replace(ZWNJ, " ")
    # casefold can leave letters decomposed; NFC keeps the result stable.
    return unicodedata.normalize("NFC", " ".join(text.split()).casefold())


def _compact_digits(value: object) -> str:
    """Digits as ASCII with the separators people type removed."""
    if value is None:
        return ""
    return _NUMBER_NOISE.sub("", to_ascii_digits(str(value)))


def _is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def normalize_national_code(value: object) -> str | None:
    """Canonical 10-digit national code (کد ملی), or None if invalid."""
    code = _compact_digits(value)
    if not _is_ascii_digits(code) or not 8 <= len(code) <= 10:
        return None
    # Codes that start with zeros are often stored or typed without them.
    code = code.zfill(10)
    if len(set(code)) == 1:
        return None
    digits = [int(c) for c in code]
    remainder = sum(d * (10 - i) for i, d in enumerate(digits[:9])) % 11
    expected = remainder if remainder < 2 else 11 - remainder
    return code if digits[9] == expected else None


def is_valid_national_code(value: object) -> bool:
    return normalize_national_code(value) is not None


def normalize_mobile(value: object) -> str | None:
    """Canonical Iranian mobile number such as 09121234567, or None."""
    number = _compact_digits(value)
    if number.startswith("+98"):
        number = number[3:]
    elif number.startswith("0098"):
        number = number[4:]
    elif number.startswith("98") and len(number) in (12, 13):
        number = number[2:]
    # A trunk zero is also written after the country code: +98 (0)912 ...
    if number.startswith("0"):
        number = number[1:]
    if len(number) != 10 or not number.startswith("9") or not _is_ascii_digits(number):
        return None
    return "0" + number


def normalize_email(value: object) -> str | None:
    """Lower-cased, stripped email, or None when empty.

    Persian keyboards type Persian digits, so they become ASCII here.
    """
    if value is None:
        return None
    email = to_ascii_digits(str(value)).strip().lower()
    return email or None


# An ellipsis, not bullets: in Vazirmatn the bullet looks like the Persian zero, so ۰۹۱۲•••۴۵۶۷ read as
# a whole number. One ellipsis whatever the hidden length, so the mask does not tell how many digits it hides.
MASK = "…"


def _mask(text: str, keep_start: int, keep_end: int) -> str:
    if len(text) <= keep_start + keep_end:
        return MASK
    return text[:keep_start] + MASK + text[len(text) - keep_end :]


def mask_mobile(value: object) -> str:
    """0912…4567: enough to recognise one's own number, not to call it."""
    if value is None or not str(value).strip():
        return ""
    number = normalize_mobile(value) or _compact_digits(value)
    return _mask(number, 4, 4)


def mask_national_code(value: object) -> str:
    """001…90."""
    if value is None or not str(value).strip():
        return ""
    code = normalize_national_code(value) or _compact_digits(value)
    return _mask(code, 3, 2)


def shown_masked(masked: str) -> str:
    """A masked value as people read it: Persian digits in a left-to-right isolate (LRI...PDI), so inside
    right-to-left text the two halves of ۰۹۱۲…۴۵۶۷ do not swap places."""
    return "\u2066" + to_persian_digits(masked) + "\u2069" if masked else ""


def classify_identifier(value: object) -> tuple[str, str] | None:
    """Tell what kind of identifier someone typed at login, normalised.

    Returns (kind, value) with kind one of "email", "mobile",
    "national_code", "customer_number", "username"; None when empty.
    Exactly 10 digits that pass the national-code check are a national
    code even if they also read as a mobile without its leading 0.
    """
    if value is None:
        return None
    text = normalize_letters(str(value)).strip()
    if not text:
        return None
    if "@" in text:
        return ("email", normalize_email(text))
    digits = _compact_digits(text)
    if _is_ascii_digits(digits):
        if len(digits) == 10 and is_valid_national_code(digits):
            return ("national_code", digits)
        mobile = normalize_mobile(text)
        if mobile:
            return ("mobile", mobile)
        return ("customer_number", digits)
    mobile = normalize_mobile(text)
    if mobile:
        return ("mobile", mobile)
    return ("username", normalize_text(text))


# Unicode directional isolates: a number, code or address inside right-to-left text keeps its own order
# (۰۵-۶۱۵۰۸۰۰ is not shown as ۶۱۵۰۸۰۰-۰۵). FSI takes the direction of what it wraps; digits alone are LTR.
FSI, LRI, PDI = "\u2068", "\u2066", "\u2069"


def isolate(text: object) -> str:
    """The text between FSI and PDI, for SMS, plain-text mail and text boxes (HTML uses <bdi>)."""
    text = "" if text is None else str(text)
    return f"{FSI}{text}{PDI}" if text else ""
