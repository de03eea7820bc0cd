"""Starting and ending a signed-in session; shared by the customer and staff logins."""
from urllib.parse import urlsplit

from flask import session
from flask_login import login_user, logout_user

from ..extensions import login_manager
from . import services

login_manager.user_loader(services.load_principal)
login_manager.session_protection = "strong"


def start_session(principal) -> None:
    """A fresh session at every sign-in (nothing from before it survives but the chosen language)."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    login_user(principal)


def end_session() -> None:
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
