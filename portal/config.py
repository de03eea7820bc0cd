"""Configuration: defaults, then instance/config.py, then PORTAL_* environment variables, then test overrides."""
import json
import os
import secrets
from pathlib import Path


class Defaults:
    BABEL_DEFAULT_LOCALE = "fa"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    PORTAL_LANGUAGES = ("fa", "en")
    PORTAL_TIMEZONE = "Asia/Tehran"
    PORTAL_COMPANY_NAME = "پیشخوان"

    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # tie the token to the session, not a clock: long forms stay valid

    # Flask-Limiter: memory:// for one process; PORTAL_RATELIMIT_STORAGE_URI=redis://... to share across workers.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    PORTAL_LOGIN_RATE_LIMIT = "10 per minute;50 per hour"

    MAX_CONTENT_LENGTH = 30 * 1024 * 1024
    PORTAL_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    PORTAL_UPLOAD_EXTENSIONS = (
        "png", "jpg", "jpeg", "gif", "webp", "pdf", "txt", "csv", "log",
        "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "zip",
    )

    PORTAL_PASSWORD_MIN_LENGTH = 8

    # A staff member who opens more distinct customer profiles than this within an hour raises an alarm.
    PORTAL_BULK_ACCESS_THRESHOLD = 30


# Environment variables that are not plain strings.
_TYPED_ENV = {
    "PORTAL_UPLOAD_MAX_BYTES": int,
    "PORTAL_PASSWORD_MIN_LENGTH": int,
    "PORTAL_BULK_ACCESS_THRESHOLD": int,
    "PORTAL_UPLOAD_EXTENSIONS": lambda v: tuple(x.strip().lower() for x in v.split(",") if x.strip()),
}

# PORTAL_X environment variables that set a Flask or extension key of another name.
_ENV_ALIASES = {
    "PORTAL_DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "PORTAL_SECRET_KEY": "SECRET_KEY",
    "PORTAL_RATELIMIT_STORAGE_URI": "RATELIMIT_STORAGE_URI",
}


def load(app, test_config=None):
    """Fill app.config in order of precedence and make sure instance/ exists."""
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.from_object(Defaults)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'portal.sqlite'}"
    app.config["PORTAL_SEARCH_INDEX_DIR"] = str(instance / "search-index")
    app.config["PORTAL_UPLOAD_DIR"] = str(instance / "uploads")
    app.config.from_pyfile("config.py", silent=True)
    for name, value in os.environ.items():
        if not name.startswith("PORTAL_"):
            continue
        key = _ENV_ALIASES.get(name, name)
        convert = _TYPED_ENV.get(name)
        app.config[key] = convert(value) if convert else _maybe_json(value)
    if test_config:
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(instance)


def _maybe_json(value):
    """true/false/numbers in the environment become Python values; anything else stays a string."""
    try:
        parsed = json.loads(value)
    except ValueError:
        return value
    return parsed if isinstance(parsed, (bool, int, float)) else value


def _instance_secret(instance: Path) -> str:
    """A secret key generated once per installation and kept in instance/ (never committed)."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
