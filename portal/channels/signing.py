"""The webhook signature: X-Pishkhan-Timestamp (Unix seconds) and
X-Pishkhan-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>." + raw body, keyed with the shared secret>."""
from __future__ import annotations

import hashlib
import hmac
import time

MAX_SKEW_SECONDS = 300


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def check(secret: str | None, timestamp: str | None, given: str | None, body: bytes, now: float | None = None) -> str | None:
    """None when the request is genuine and fresh; otherwise why not (for the log, never for the caller)."""
    if not secret:
        return "no secret configured"
    if not timestamp or not given:
        return "signature headers missing"
    try:
        sent = int(timestamp)
    except ValueError:
        return "timestamp is not an integer"
    if abs((time.time() if now is None else now) - sent) > MAX_SKEW_SECONDS:
        return "timestamp outside the 5-minute window"
    if not hmac.compare_digest(signature(secret, timestamp, body), given.strip()):
        return "signature does not match"
    return None
