"""One-time secrets sent to people: 6-digit codes for SMS, long random tokens for links; kept as keyed hashes."""
import hashlib
import hmac
import secrets

from flask import current_app

from ..persian import to_ascii_digits


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 with the secret key: a stolen table alone does not let anyone try the 10^6 codes."""
    return hmac.new(current_app.secret_key.encode(), value.encode(), hashlib.sha256).hexdigest()


def new_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def new_link_token() -> str:
    return secrets.token_urlsafe(32)


def code_matches(stored_hash: str, typed: str | None) -> bool:
    """Digits typed in Persian, Arabic-Indic or ASCII, spaces around them ignored; compared in constant time."""
    return hmac.compare_digest(stored_hash, keyed_hash(to_ascii_digits(typed or "").strip()))
