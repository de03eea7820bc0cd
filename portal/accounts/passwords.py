"""Password hashing (Argon2id) and the strength rule every password form shares (zxcvbn's estimate)."""
from functools import cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

from ..persian import to_ascii_digits


@cache
def _hasher_for(profile: str) -> tuple[PasswordHasher, str]:
    """A hasher with the named argon2 parameter profile, and a dummy hash made with the same cost."""
    hasher = PasswordHasher.from_parameters(getattr(profiles, profile))
    return hasher, hasher.hash("not-a-real-password")


def _hasher() -> tuple[PasswordHasher, str]:
    # RFC 9106's low-memory profile in production; the test suite may choose CHEAPEST to stay fast.
    profile = current_app.config["PORTAL_PASSWORD_HASH_PROFILE"] if has_app_context() else "RFC_9106_LOW_MEMORY"
    return _hasher_for(profile)

# The Persian standard keyboard on the Latin keys beneath it: "ضصثقفغعهخح" is typed on "qwertyuiop",
# so a Persian keyboard walk is found by zxcvbn's keyboard patterns once mapped back.
_PERSIAN_KEYS = str.maketrans({
    "ض": "q", "ص": "w", "ث": "e", "ق": "r", "ف": "t", "غ": "y", "ع": "u", "ه": "i", "خ": "o", "ح": "p",
    "ج": "[", "چ": "]", "ش": "a", "س": "s", "ی": "d", "ي": "d", "ب": "f", "ل": "g", "ا": "h", "ت": "j",
    "ن": "k", "م": "l", "ک": ";", "ك": ";", "گ": "'", "ظ": "z", "ط": "x", "ز": "c", "ر": "v", "ذ": "b",
    "د": "n", "پ": "m", "ئ": "m", "و": ",", ".": "/", "‌": " ",
})
# Words and numbers people here choose that zxcvbn's English lists do not know: names, places, the
# service itself, and Jalali years (zxcvbn only knows 19xx/20xx as years).
_LOCAL_WORDS = (
    "pishkhan", "iran", "irani", "tehran", "esfahan", "isfahan", "shiraz", "mashhad", "tabriz", "persia",
    "persian", "farsi", "salam", "khoda", "ghorban", "azizam", "eshgh", "eshgham", "asal", "mohammad",
    "mohamad", "ali", "hossein", "hosein", "reza", "mahdi", "mehdi", "amir", "zahra", "fateme", "fatemeh",
    "maryam", "sara", "narges", "neda", "parisa", "mina", "hamid", "saeed", "majid", "mojtaba", "javad",
    "yasin", "yas", "shahrzad", "pasargad", "perspolis", "persepolis", "esteghlal", "sepahan",
    "پیشخوان", "ایران", "تهران", "سلام", "خدا", "عشق", "محمد", "علی", "زهرا", "فاطمه", "مریم",
) + tuple(str(year) for year in range(1300, 1411))


def _candidates(password: str) -> set[str]:
    """The password as typed (digits in ASCII), and as the same keys on a Latin keyboard."""
    typed = to_ascii_digits(password)
    return {typed, typed.translate(_PERSIAN_KEYS)}


def strength(password: str, personal: tuple[str, ...] = ()) -> int:
    """zxcvbn's score, 0 (guessed at once) to 4, of the weakest reading of the password."""
    inputs = [p for p in personal if p] + list(_LOCAL_WORDS)
    # zxcvbn's cost grows fast with length; nobody guesses the tail of a long password first.
    return min(zxcvbn(candidate[:100], user_inputs=inputs)["score"] for candidate in _candidates(password))


def hash_password(password: str) -> str:
    return _hasher()[0].hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Checks against a dummy hash when there is no account, so both failures cost the same time."""
    hasher, dummy = _hasher()
    try:
        return hasher.verify(password_hash or dummy, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher()[0].check_needs_rehash(password_hash)


def weakness(password: str, *, min_length: int, personal: tuple[str, ...] = ()) -> str | None:
    """Why a password is too weak, or None. Personal values (mobile, e-mail...) may not be the password."""
    if len(password) < min_length:
        return _l("Use at least %(n)d characters.", n=min_length)
    lowered = to_ascii_digits(password).lower()
    if len(set(password)) < 4:
        return _l("This password is too easy to guess.")
    if lowered.isdigit():
        return _l("Use letters as well as digits.")
    if any(p and p.lower() in lowered for p in personal if len(p or "") >= 4):
        return _l("Do not use your mobile, national code or e-mail in your password.")
    minimum = current_app.config["PORTAL_PASSWORD_MIN_SCORE"] if has_app_context() else 3
    if strength(password, personal) < minimum:
        return _l("This password is too easy to guess: add a few words or characters nobody would expect.")
    return None
