"""What every response says about itself: Content-Security-Policy, framing, HSTS, caching, cookies, proxies.

One after-request hook for the whole site, tested page by page. Scripts come only from our own origin (no
inline handlers: see static/js/portal.js); no page may be framed except the views marked embeddable().
"""
from functools import wraps

from flask import current_app, request
from flask_login import current_user
from werkzeug import serving
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.serving import WSGIRequestHandler

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors {ancestors}")
HSTS = "max-age=31536000; includeSubDomains"


def init_app(app):
    secure = app.config.get("PORTAL_SECURE_COOKIES")
    if secure is None:
        secure = str(app.config.get("PORTAL_BASE_URL", "")).lower().startswith("https://")
    for key in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        app.config[key] = bool(secure)
    proxies = int(app.config.get("PORTAL_PROXY_FIX") or 0)
    if proxies > 0:
        # Behind N reverse proxies: the client's address and scheme come from their X-Forwarded-* headers,
        # so the rate limits and the audit log see the client and not the proxy.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies)
    app.after_request(_headers)
    serving.WSGIRequestHandler = _QuietRequestHandler  # `flask run` and test servers use this default


def embeddable(view):
    """Let other sites frame this view (an embeddable contact form): PORTAL_EMBED_ANCESTORS decides which."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        request.environ["portal.embeddable"] = True  # per request, whatever app context it shares
        return view(*args, **kwargs)

    return wrapped


def _https():
    return request.is_secure or str(current_app.config.get("PORTAL_BASE_URL", "")).lower().startswith("https://")


def _headers(response):
    headers = response.headers
    if request.environ.get("portal.embeddable"):
        ancestors = current_app.config["PORTAL_EMBED_ANCESTORS"]
        headers.pop("X-Frame-Options", None)
    else:
        ancestors = "'none'"
        headers["X-Frame-Options"] = "DENY"
    headers.setdefault("Content-Security-Policy", CSP.format(ancestors=ancestors))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-XSS-Protection", "0")  # the old filters are off; the policy above does their work
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if _https():
        headers.setdefault("Strict-Transport-Security", HSTS)
    # Pages for a signed-in person (profiles, revealed personal data, exports) never go into a shared cache.
    if not request.path.startswith("/static/") and (
            getattr(current_user, "is_authenticated", False) or request.path.startswith(("/admin", "/auth"))):
        headers["Cache-Control"] = "no-store"
    return response


class _QuietRequestHandler(WSGIRequestHandler):
    """Werkzeug's server without its name and version in every response's Server header."""

    def version_string(self):
        return "pishkhan"
