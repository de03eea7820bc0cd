"""Who a rate limit counts: signed-in actions per account, anonymous actions per address.

Many customers share one address (an office, a mobile carrier's NAT), so a signed-in customer's
limit must not be spent by the neighbours. And with several worker processes, `memory://` gives each
process its own count: the app says so at start-up.
"""
import logging
import os
import shlex
import sys

from flask_limiter.util import get_remote_address
from flask_login import current_user

log = logging.getLogger(__name__)


def account_or_address() -> str:
    """The signed-in account (kind and id, stable across password changes), else the client address."""
    if current_user and current_user.is_authenticated:
        kind = getattr(current_user, "kind", type(current_user).__name__.lower())
        return f"account:{kind}:{current_user.id}"
    return "address:" + (get_remote_address() or "")


def _workers_in(args: list[str]) -> int | None:
    for i, arg in enumerate(args):
        if arg in ("-w", "--workers") and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--workers="):
            value = arg.split("=", 1)[1]
        elif arg.startswith("-w") and arg[2:].isdigit():
            value = arg[2:]
        else:
            continue
        if value.isdigit():
            return int(value)
    return None


def worker_processes(config, environ=None, argv=None) -> int:
    """How many processes will serve this app, as far as the configuration and the WSGI server tell."""
    environ = os.environ if environ is None else environ
    argv = sys.argv if argv is None else argv
    if config.get("PORTAL_WORKERS"):
        return int(config["PORTAL_WORKERS"])
    found = None
    if argv and "gunicorn" in os.path.basename(argv[0]):
        found = _workers_in(argv[1:])
    if found is None and environ.get("GUNICORN_CMD_ARGS"):
        found = _workers_in(shlex.split(environ["GUNICORN_CMD_ARGS"]))
    if found is None and str(environ.get("WEB_CONCURRENCY", "")).isdigit():
        found = int(environ["WEB_CONCURRENCY"])
    return found or 1


def separate_counts_warning(config, environ=None, argv=None) -> str | None:
    """The warning to log when several workers would each keep their own rate-limit counts, else None."""
    storage = str(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    workers = worker_processes(config, environ, argv)
    if storage.startswith("memory://") and workers > 1 and config.get("RATELIMIT_ENABLED", True):
        return (f"rate limits are counted in memory:// while {workers} worker processes serve the portal: each "
                "worker counts separately, so every limit is that many times looser; set "
                "PORTAL_RATELIMIT_STORAGE_URI to a shared store such as redis://127.0.0.1:6379/0")
    return None


def init_app(app) -> None:
    warning = separate_counts_warning(app.config)
    if warning:
        app.logger.warning(warning)
