"""Password hashing (Argon2id) and the strength rule every password form shares."""
from functools import cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l

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

_COMMON = {
    "12345678", "123456789", "1234567890", "password", "password1", "qwertyui", "qwerty123",
    "11111111", "00000000", "iloveyou", "abcdefgh", "abcd1234", "admin123", "11223344",
}


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
    if lowered in _COMMON or len(set(password)) < 4:
        return _l("This password is too easy to guess.")
    if lowered.isdigit():
        return _l("Use letters as well as digits.")
    if any(p and p.lower() in lowered for p in personal if len(p or "") >= 4):
        return _l("Do not use your mobile, national code or e-mail in your password.")
    return None
