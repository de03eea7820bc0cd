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
    PORTAL_BASE_URL = "http://127.0.0.1:5000"  # links in e-mails and SMS written outside a request (CLI, workers)

    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    # Secure cookies when PORTAL_BASE_URL is https (or PORTAL_SECURE_COOKIES=true/false says otherwise).
    PORTAL_SECURE_COOKIES = None
    PORTAL_PROXY_FIX = 0  # number of reverse proxies in front of the portal (Werkzeug's ProxyFix)
    PORTAL_EMBED_ANCESTORS = "*"  # who may frame the views marked embeddable (e.g. the contact form)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # tie the token to the session, not a clock: long forms stay valid

    # Flask-Limiter: memory:// for one process; PORTAL_RATELIMIT_STORAGE_URI=redis://... to share across workers.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Signed-in actions count per account (customers behind one office or carrier address do not share them).
    PORTAL_TICKET_RATE_LIMIT = "30 per hour"
    PORTAL_REPLY_RATE_LIMIT = "120 per hour"
    PORTAL_WORKERS = None  # worker processes, when the WSGI server does not say (gunicorn -w and WEB_CONCURRENCY do)
    # Password recovery: requests per account (or identifier typed), requests per address, codes tried per address.
    PORTAL_RESET_RATE_LIMIT = "3 per 15 minutes;10 per day"
    PORTAL_RESET_ADDRESS_RATE_LIMIT = "20 per hour"
    PORTAL_RESET_CODE_RATE_LIMIT = "10 per 10 minutes"
    PORTAL_LOGIN_RATE_LIMIT = "10 per minute;50 per hour"  # failed sign-ins per address, then refused
    # Registrations per address: high enough for an office or a mobile carrier's shared address; each new
    # account must still prove its mobile by SMS before it can open a ticket.
    PORTAL_REGISTER_RATE_LIMIT = "60 per hour"
    PORTAL_LOGIN_ACCOUNT_RATE_LIMIT = "100 per hour"  # failed sign-ins per account, then each one waits
    PORTAL_LOGIN_ACCOUNT_DELAY = 3  # seconds

    MAX_CONTENT_LENGTH = 30 * 1024 * 1024
    PORTAL_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    PORTAL_UPLOAD_EXTENSIONS = (
        "png", "jpg", "jpeg", "gif", "webp", "pdf", "txt", "csv", "log",
        "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "zip",
    )

    PORTAL_PASSWORD_MIN_LENGTH = 8
    PORTAL_TWO_FACTOR_ENFORCED = True  # roles marked "two-step sign-in required" must enrol at their next sign-in
    PORTAL_REAUTH_MINUTES = 10  # staff re-enter a password or code before PII, exports and access changes
    PORTAL_PASSWORD_MIN_SCORE = 3  # zxcvbn's 0-4 strength estimate a new password must reach
    PORTAL_PASSWORD_HASH_PROFILE = "RFC_9106_LOW_MEMORY"  # a name in argon2.profiles

    # Outbound mail (portal/notify). STARTTLS on 587, or PORTAL_SMTP_SSL for implicit TLS on 465.
    PORTAL_SMTP_HOST = "localhost"
    PORTAL_SMTP_PORT = 25
    PORTAL_SMTP_USERNAME = None
    PORTAL_SMTP_PASSWORD = None
    PORTAL_SMTP_STARTTLS = False
    PORTAL_SMTP_SSL = False
    PORTAL_SMTP_TIMEOUT = 30
    PORTAL_MAIL_FROM = "no-reply@localhost"  # a bare address gets PORTAL_COMPANY_NAME as its display name
    # SMS: console (log and stdout), file (JSON lines in PORTAL_SMS_FILE), http (JSON POST to PORTAL_SMS_URL),
    # or "package.module:Class" for another provider adapter.
    PORTAL_SMS_BACKEND = "console"
    PORTAL_SMS_URL = None
    PORTAL_SMS_API_KEY = None
    PORTAL_SMS_SENDER = None
    PORTAL_SMS_TIMEOUT = 10
    PORTAL_KAVENEGAR_URL = "https://api.kavenegar.com"  # the kavenegar backend's API address
    # Delivery worker: retries with exponential back-off (base doubling per attempt, capped, with jitter).
    PORTAL_OUTBOX_MAX_ATTEMPTS = 8
    PORTAL_OUTBOX_BACKOFF_SECONDS = 60
    PORTAL_OUTBOX_BACKOFF_MAX_SECONDS = 6 * 3600
    PORTAL_OUTBOX_CLAIM_SECONDS = 300  # a claimed message is due again after this if its worker died
    # Search and FAQ. The index directory is instance/search-index unless PORTAL_SEARCH_INDEX_DIR says otherwise.
    # auto: PostgreSQL's full-text search when the database is PostgreSQL, Whoosh on SQLite; or whoosh | postgres.
    PORTAL_SEARCH_BACKEND = "auto"
    PORTAL_SEARCH_LOCK_TIMEOUT = 10  # seconds a writer waits for another process's write lock
    PORTAL_SEARCH_QUEUE_INTERVAL_SECONDS = 30  # how often the worker retries index changes left in the queue
    PORTAL_SEARCH_REINDEX_PROCS = 1  # writer processes of a full reindex (flask reindex); up to the CPU cores free
    # Staff ticket search gives back at most this many tickets, best first; with PostgreSQL, the best of the newest
    # that many matches (finding them is what a search of a common word costs at a million tickets).
    PORTAL_TICKET_SEARCH_RESULTS = 200
    PORTAL_READYZ_MAX_INDEX_LAG = 60  # seconds a queued index change may wait before /readyz answers 503
    PORTAL_READYZ_WORKER_SILENCE = 900  # seconds without a finished background job before /readyz answers 503; 0: unchecked
    PORTAL_DEFLECTION_WINDOW_MINUTES = 30  # a suggestion open without a ticket this long counts as deflected
    PORTAL_FAQ_FREQUENT_DAYS = 30
    PORTAL_FAQ_SUGGEST_MIN_CHARS = 3
    PORTAL_FAQ_ANONYMOUS_VOTE_LIMIT = "3 per day"  # votes on one article from one address by visitors not signed in

    # Tickets. SLA targets are in business hours: (first response, resolution) per priority; a help topic
    # may override them. Business days are Saturday to Wednesday (the Iranian weekend is Thursday and Friday).
    PORTAL_UPLOAD_MAX_FILES = 5
    PORTAL_STORAGE = "local"  # where attachments live: local (PORTAL_UPLOAD_DIR), database or s3 (shared by every app server)
    # PORTAL_STORAGE=s3: the bucket and, for a store other than AWS, its address; no keys: boto3's usual sources
    PORTAL_S3_BUCKET = None
    PORTAL_S3_ENDPOINT_URL = None
    PORTAL_S3_REGION = None
    PORTAL_S3_ACCESS_KEY_ID = None
    PORTAL_S3_SECRET_ACCESS_KEY = None
    PORTAL_S3_PREFIX = "attachments/"
    PORTAL_S3_PATH_STYLE = False  # bucket in the path (most self-hosted stores) rather than in the host name
    PORTAL_TICKETS_PER_PAGE = 20
    PORTAL_QUEUE_PER_PAGE = 25
    PORTAL_REOPEN_DAYS = 14
    PORTAL_FEEDBACK_EDIT_DAYS = 7
    PORTAL_BUSINESS_DAYS = ("sat", "sun", "mon", "tue", "wed")
    PORTAL_BUSINESS_HOURS = "08:00-17:00"
    PORTAL_HOLIDAYS = ()  # ISO dates, e.g. ("2027-03-21", "2027-03-22")
    PORTAL_SLA_TARGETS = {"urgent": [1, 4], "high": [2, 9], "normal": [4, 27], "low": [9, 45]}

    # Channels (portal/channels): e-mail, SMS and web-form intake over one inbound store.
    PORTAL_INBOUND_CATEGORY = None  # help topic (by name) of tickets from outside; None: the first active one
    PORTAL_INBOUND_HOURLY_LIMIT = 20  # messages per sender and channel within an hour before the rest are held
    PORTAL_SMS_WEBHOOK_SECRET = None  # HMAC key of POST /channels/sms/inbound; unset: every call is refused
    PORTAL_SMS_WEBHOOK_RATE_LIMIT = "120 per minute"
    PORTAL_SMS_REPLY_WINDOW_DAYS = 7  # an SMS replies to the open ticket active within this many days
    PORTAL_SMS_UNKNOWN_SENDERS = "accept"  # accept (new unverified customer) or quarantine
    PORTAL_MAIL_REPLY_ADDRESS = None  # e.g. "support+t.{token}@example.ir"; Reply-To of ticket e-mails
    PORTAL_MAIL_TOKEN_SECRET = None  # key of the reply-address tokens; None: SECRET_KEY
    PORTAL_MAIL_UNKNOWN_SENDERS = "accept"  # accept or quarantine
    PORTAL_IMAP_HOST = None
    PORTAL_IMAP_PORT = 993
    PORTAL_IMAP_SECURITY = "tls"  # tls (implicit, 993), starttls (143) or none (loopback only)
    PORTAL_IMAP_USERNAME = None
    PORTAL_IMAP_PASSWORD = None
    PORTAL_IMAP_FOLDER = "INBOX"
    PORTAL_IMAP_PROCESSED_FOLDER = "Processed"  # empty: processed mail is only marked \Seen
    PORTAL_IMAP_CA_FILE = None
    PORTAL_IMAP_VERIFY = True
    PORTAL_IMAP_TIMEOUT = 30
    PORTAL_IMAP_POLL_SECONDS = 60  # how often the worker polls the mailbox (when PORTAL_IMAP_HOST is set)
    PORTAL_CONTACT_RATE_LIMIT = "5 per minute;30 per hour"

    # REST API v1: requests allowed per token (Flask-Limiter syntax); webhook request timeout in seconds.
    PORTAL_API_RATE_LIMIT = "120 per minute;3000 per hour"
    PORTAL_WEBHOOK_TIMEOUT = 10

    # A staff member who opens more distinct customer profiles than this within an hour raises an alarm.
    PORTAL_BULK_ACCESS_THRESHOLD = 30
    # Customer searches, list pages, exports and phone-intake look-ups allowed per staff member.
    PORTAL_CUSTOMER_LOOKUP_RATE_LIMIT = "60 per minute;600 per hour"

    # The worker (`flask --app portal worker`): how often it looks for due jobs, how long a claim on a job holds
    # (a worker that dies leaves its job to another after this), and each job's own schedule.
    PORTAL_WORKER_POLL_SECONDS = 5
    PORTAL_JOB_LEASE_SECONDS = 900
    PORTAL_OUTBOX_INTERVAL_SECONDS = 10
    PORTAL_OUTBOX_BATCH = 100
    PORTAL_OUTBOX_KEEP_DAYS = 90  # sent messages are deleted after this; dead ones stay

    # Automations (each a worker job). Auto-close: resolved tickets with no answer from the customer close
    # after this many days (0: never). SLA: warn the assignee this many business hours before a due time.
    PORTAL_AUTO_CLOSE_DAYS = 7
    PORTAL_AUTO_CLOSE_INTERVAL_SECONDS = 3600
    PORTAL_SLA_WARN_BUSINESS_HOURS = 1
    PORTAL_SLA_CHECK_INTERVAL_SECONDS = 60
    PORTAL_AGENT_NOTICE_INTERVAL_SECONDS = 30
    PORTAL_AGENT_NOTICE_LOOKBACK_HOURS = 24  # replies and scores older than this at the first run are not announced
    PORTAL_FOLLOW_UP_INTERVAL_SECONDS = 60
    PORTAL_CONTRACT_REMIND_DAYS = 14  # the customer and the account's agent hear this many days before the end
    # Reports read their counts from a daily rollup the worker refreshes (False: straight from the tickets).
    # Each refresh redoes the last RECENT_DAYS days and the days of tickets touched since; once a day it is rebuilt.
    PORTAL_REPORT_ROLLUP = True
    PORTAL_REPORT_ROLLUP_INTERVAL_SECONDS = 300
    PORTAL_REPORT_ROLLUP_RECENT_DAYS = 7
    PORTAL_REPORT_ROLLUP_REBUILD_HOURS = 24
    PORTAL_REPORT_WORK_MEM_MB = 64  # PostgreSQL: sort memory of a report request (percentiles sort in memory)
    # Scheduled NPS surveys: the worker looks for due schedules this often; they go out from this local hour.
    PORTAL_NPS_SCHEDULE_INTERVAL_SECONDS = 600
    PORTAL_NPS_SURVEY_HOUR = 10
    PORTAL_GREETINGS_HOUR = 9  # Nowruz and birthday SMS go out from this local hour

    # /metrics (Prometheus): off by default; then readable only from these addresses or networks.
    PORTAL_METRICS_ENABLED = False
    PORTAL_METRICS_ALLOWED = ("127.0.0.1", "::1")


# Environment variables that are not plain strings.
_TYPED_ENV = {
    "PORTAL_UPLOAD_MAX_BYTES": int,
    "PORTAL_PASSWORD_MIN_LENGTH": int,
    # secrets stay strings even when they look like numbers
    "PORTAL_SMTP_USERNAME": str,
    "PORTAL_SMTP_PASSWORD": str,
    "PORTAL_SMS_API_KEY": str,
    "PORTAL_SMS_SENDER": str,
    "PORTAL_SMS_WEBHOOK_SECRET": str,
    "PORTAL_MAIL_TOKEN_SECRET": str,
    "PORTAL_IMAP_USERNAME": str,
    "PORTAL_IMAP_PASSWORD": str,
    "PORTAL_BULK_ACCESS_THRESHOLD": int,
    "PORTAL_TICKET_RATE_LIMIT": str,
    "PORTAL_REPLY_RATE_LIMIT": str,
    "PORTAL_PROXY_FIX": int,
    "PORTAL_UPLOAD_EXTENSIONS": lambda v: tuple(x.strip().lower() for x in v.split(",") if x.strip()),
    "PORTAL_BUSINESS_DAYS": lambda v: tuple(x.strip().lower() for x in v.split(",") if x.strip()),
    "PORTAL_HOLIDAYS": lambda v: tuple(x.strip() for x in v.split(",") if x.strip()),
    "PORTAL_SLA_TARGETS": json.loads,
    "PORTAL_METRICS_ALLOWED": lambda v: tuple(x.strip() for x in v.split(",") if x.strip()),
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
    app.config["PORTAL_SMS_FILE"] = str(instance / "sms-outbox.jsonl")
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
