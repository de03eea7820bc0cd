"""Creating, listing, revoking and checking API tokens: plain arguments in, rows out."""
import hashlib
import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from ... import audit, security
from ...extensions import db
from ...models_base import utcnow
from .models import ApiToken

TOKEN_PREFIX = "pk_"
# last_used_at is written at most this often per token, so busy clients do not write on every call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenRefused(ValueError):
    """The owner may not hold a token; str() is the reason for the person."""


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _owner_column(owner):
    return ApiToken.staff_id if security.is_staff(owner) else ApiToken.customer_id


def may_hold_token(owner) -> bool:
    if security.is_staff(owner):
        return security.can(owner, "api.tokens")
    return security.is_customer(owner) and bool(owner.active)


def create_token(owner, *, name: str = "", actor=None) -> tuple[ApiToken, str]:
    """A new token for a staff member (who needs api.tokens) or a customer. Returns the row and the token
    itself, which is never stored and cannot be shown again. Audited; commits."""
    if not may_hold_token(owner):
        raise TokenRefused(_l("This account may not use the API."))
    name = " ".join((name or "").split())[:80] or str(_l("API token"))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(name=name, token_hash=hash_token(raw), prefix=raw[:10])
    if security.is_staff(owner):
        token.staff_id = owner.id
    else:
        token.customer_id = owner.id
    db.session.add(token)
    db.session.flush()
    audit.record(actor or owner, "api_token.created", token, name=name)
    db.session.commit()
    return token, raw


def tokens_of(owner) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(_owner_column(owner) == owner.id)
                                   .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(),
                                             ApiToken.id.desc())))


def get_own_token(owner, token_id) -> ApiToken | None:
    """The token if it belongs to this person; someone else's token is not found."""
    return db.session.scalar(select(ApiToken).where(ApiToken.id == token_id, _owner_column(owner) == owner.id))


def revoke(token: ApiToken, *, actor) -> bool:
    """Revoke a token (False when it already was). Audited; commits."""
    if token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    audit.record(actor, "api_token.revoked", token, name=token.name)
    db.session.commit()
    return True


def authenticate(raw: str):
    """(token, owner) for a valid, unrevoked token whose owner may still use the API; else None.

    Records the time of use (coarsely, see LAST_USED_RESOLUTION)."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(raw),
                                                     ApiToken.revoked_at.is_(None)))
    if token is None:
        return None
    owner = token.owner
    if owner is None or not owner.active or not may_hold_token(owner):
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        db.session.execute(update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now))
        db.session.commit()
    return token, owner
