"""Password hashing (Argon2id) and the strength rule every password form shares."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l

from ..persian import to_ascii_digits

_hasher = PasswordHasher()
# Verified against when the identifier is unknown, so both failures cost the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")

_COMMON = {
    "12345678", "123456789", "1234567890", "password", "password1", "qwertyui", "qwerty123",
    "11111111", "00000000", "iloveyou", "abcdefgh", "abcd1234", "admin123", "11223344",
}


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


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
