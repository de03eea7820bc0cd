"""Signed-in sessions kept on the server, so that signing out, a new password or a disabled account
ends them for good: a copied cookie names a revoked row and is refused."""
import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import and_, event, select, update
from sqlalchemy.orm import Session

from ..extensions import db
from ..models_base import utcnow
from .auth_models import AuthSession
from .models import Customer, StaffUser

_MODELS = {"customer": Customer, "staff": StaffUser}
# last_seen_at is written at most this often, so a page view does not always cost a write.
TOUCH_EVERY = timedelta(minutes=5)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(principal, *, ip_address=None, user_agent=None) -> str:
    """A new session row; returns the token the browser's (signed) session cookie keeps."""
    token = secrets.token_urlsafe(32)
    db.session.add(AuthSession(token_hash=_hash(token), account_kind=principal.kind, account_id=principal.id,
                               ip_address=(ip_address or "")[:45] or None, user_agent=(user_agent or "")[:255] or None))
    db.session.commit()
    return token


def principal_for(user_id: str, token: str | None):
    """The customer or staff member of a live session: Flask-Login's id 'kind:id:version' and the token.

    One query: the account joined to its session row; None when either is missing, revoked or disabled."""
    if not token:
        return None
    try:
        kind, raw_id, version = user_id.split(":")
        model = _MODELS[kind]
        account_id = int(raw_id)
    except (ValueError, KeyError):
        return None
    row = db.session.execute(
        select(model, AuthSession)
        .join(AuthSession, and_(AuthSession.account_kind == kind, AuthSession.account_id == model.id))
        .where(model.id == account_id, AuthSession.token_hash == _hash(token), AuthSession.revoked_at.is_(None))
    ).first()
    if row is None:
        return None
    principal, auth_session = row
    if not principal.active or str(principal.auth_version) != version:
        return None
    now = utcnow()
    if now - auth_session.last_seen_at >= TOUCH_EVERY:
        auth_session.last_seen_at = now
        db.session.commit()
    return principal


def revoke(token: str | None) -> None:
    if token:
        db.session.execute(update(AuthSession).where(AuthSession.token_hash == _hash(token),
                                                     AuthSession.revoked_at.is_(None)).values(revoked_at=utcnow()))
        db.session.commit()


def revoke_all(principal, *, keep_token: str | None = None) -> int:
    """End every session of this person (but the one keep_token names); how many were ended."""
    query = update(AuthSession).where(AuthSession.account_kind == principal.kind,
                                      AuthSession.account_id == principal.id, AuthSession.revoked_at.is_(None))
    if keep_token:
        query = query.where(AuthSession.token_hash != _hash(keep_token))
    ended = db.session.execute(query.values(revoked_at=utcnow())).rowcount
    db.session.commit()
    return ended


def active_sessions(principal) -> list[AuthSession]:
    """Live sessions, most recently used first."""
    return list(db.session.scalars(
        select(AuthSession).where(AuthSession.account_kind == principal.kind, AuthSession.account_id == principal.id,
                                  AuthSession.revoked_at.is_(None))
        .order_by(AuthSession.last_seen_at.desc(), AuthSession.id.desc())))


def is_current(auth_session: AuthSession, token: str | None) -> bool:
    return bool(token) and auth_session.token_hash == _hash(token)


@event.listens_for(Session, "before_flush")
def _end_sessions_of_disabled_accounts(session, _context, _instances):
    """Whatever disables an account (back office, CLI, API) also ends its sessions, in the same transaction."""
    for obj in session.dirty:
        if isinstance(obj, (Customer, StaffUser)):
            history = db.inspect(obj).attrs.active.history
            if history.deleted and history.deleted[0] and not obj.active:
                session.connection().execute(update(AuthSession).where(
                    AuthSession.account_kind == obj.kind, AuthSession.account_id == obj.id,
                    AuthSession.revoked_at.is_(None)).values(revoked_at=utcnow()))
