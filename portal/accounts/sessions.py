"""Starting and ending a signed-in session; shared by the customer and staff logins."""
from urllib.parse import urlsplit

from flask import request, session
from flask_login import login_user, logout_user

from ..extensions import login_manager
from . import session_store

login_manager.session_protection = "strong"

SESSION_TOKEN_KEY = "_sid"


@login_manager.user_loader
def _load_user(user_id):
    """Every request: the account and its session row must both still be live."""
    return session_store.principal_for(user_id, session.get(SESSION_TOKEN_KEY))


def current_token() -> str | None:
    return session.get(SESSION_TOKEN_KEY)


def start_session(principal) -> None:
    """A fresh session at every sign-in (nothing from before it survives but the chosen language)."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    session[SESSION_TOKEN_KEY] = session_store.open_session(
        principal, ip_address=request.remote_addr, user_agent=request.headers.get("User-Agent"))
    login_user(principal)


def end_session() -> None:
    """Sign-out: the server forgets the session, so a copy of the cookie no longer works either."""
    session_store.revoke(session.get(SESSION_TOKEN_KEY))
    lang = session.get("lang")
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang


def safe_next(target: str | None, default: str) -> str:
    """Only a path on this site: no scheme, no host, no protocol-relative // or backslash tricks."""
    if not target:
        return default
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith(("//", "/\\")) or "\\" in target:
        return default
    if any(ord(c) < 32 or ord(c) == 127 for c in target):  # a line break would split the Location header
        return default
    return target
