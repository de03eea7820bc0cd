"""Shared fixtures: a fresh database per test (SQLite, or PostgreSQL via PORTAL_TEST_DATABASE_URL),
factories that return real rows, and a client that signs in through the real login forms."""
import hashlib
import os
import re
import secrets
import tempfile
import uuid
from pathlib import Path

import pytest
from flask import g, has_app_context
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from portal import create_app
from portal.extensions import db as _db

TEST_PASSWORD = "Sabz-Kooh-1405"
_SESSION_DIR = Path(tempfile.mkdtemp(prefix="pishkhan-tests-"))


def _database_url():
    return os.environ.get("PORTAL_TEST_DATABASE_URL") or f"sqlite:///{_SESSION_DIR / 'test.sqlite'}"


def _base_config(tmp_path):
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": _database_url(),
        "RATELIMIT_ENABLED": False,
        "PORTAL_PASSWORD_HASH_PROFILE": "CHEAPEST",  # argon2id still, with the cost turned down
        "PORTAL_SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "PORTAL_UPLOAD_DIR": str(tmp_path / "uploads"),
        "SERVER_NAME": "portal.test",
        "PORTAL_READYZ_WORKER_SILENCE": 0,  # no worker runs beside a test app; test_readyz.py turns it on
        # Admins enrol in two-step sign-in at their first sign-in; tests/security/test_two_factor.py turns it on.
        "PORTAL_TWO_FACTOR_ENFORCED": False,
    }


class PortalClient(FlaskClient):
    """A test client that sends the CSRF token with every form post, as a browser with the page would."""

    def csrf_token(self):
        with self.session_transaction() as session:
            raw = session.setdefault("csrf_token", hashlib.sha1(secrets.token_bytes(32)).hexdigest())
        return URLSafeTimedSerializer(self.application.secret_key, salt="wtf-csrf-token").dumps(raw)

    def open(self, *args, **kwargs):
        # The test's app context (and so flask.g) is shared by every request; Flask-Login and Flask-Babel
        # cache the signed-in person and the locale in g: forget them, as a new request would.
        if has_app_context():
            g.pop("_login_user", None)
            g.pop("_flask_babel", None)
        return super().open(*args, **kwargs)

    def post(self, *args, **kwargs):
        data = kwargs.get("data")
        if data is None and "json" not in kwargs:
            kwargs["data"] = data = {}
        if isinstance(data, dict) and "csrf_token" not in data:
            kwargs["data"] = {**data, "csrf_token": self.csrf_token()}
        return super().post(*args, **kwargs)


_schema_ready = False


@pytest.fixture
def app_config(tmp_path, request):
    """The test config; a test adds to it with @pytest.mark.app_config(KEY=value)."""
    config = _base_config(tmp_path)
    for marker in reversed(list(request.node.iter_markers("app_config"))):
        config.update(marker.kwargs)
    return config


@pytest.fixture
def app(app_config):
    global _schema_ready
    app = create_app(app_config)
    app.test_client_class = PortalClient
    with app.app_context():
        if not _schema_ready:
            _db.drop_all()
            _db.create_all()
            _schema_ready = True
        yield app
        _db.session.remove()
        _empty_all_tables()
        _db.engine.dispose()


def _empty_all_tables():
    with _db.engine.begin() as conn:
        for table in reversed(_db.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def query_counter(app):
    """Counts SQL statements sent while the `with counter:` block runs."""

    class Counter:
        def __init__(self):
            self.statements = []
            self._on = False

        def __enter__(self):
            self.statements.clear()
            self._on = True
            return self

        def __exit__(self, *exc):
            self._on = False

        @property
        def count(self):
            return len(self.statements)

    counter = Counter()

    def before(conn, cursor, statement, *args):
        if counter._on and not statement.lstrip().upper().startswith(("PRAGMA", "SAVEPOINT", "RELEASE")):
            counter.statements.append(statement)

    event.listen(_db.engine, "before_cursor_execute", before)
    yield counter
    event.remove(_db.engine, "before_cursor_execute", before)


# ---- factories -------------------------------------------------------------------------------

_counter = iter(range(1, 10**9))


def valid_national_code(n9: str) -> str:
    total = sum(int(d) * (10 - i) for i, d in enumerate(n9)) % 11
    return n9 + str(total if total < 2 else 11 - total)


@pytest.fixture
def make_customer(db):
    from portal.accounts.services import create_customer

    def make(**overrides):
        n = next(_counter)
        fields = {
            "full_name": f"مشتری آزمایشی {n}",
            "mobile": f"0912{n:07d}",
            "national_code": valid_national_code(f"{(n * 7919) % 10**9:09d}"),
            "email": f"customer{n}@example.ir",
            "username": f"customer{n}",
            "password": TEST_PASSWORD,
        }
        fields.update(overrides)
        return create_customer(**fields)

    return make


@pytest.fixture
def make_department(db):
    from portal.accounts.models import Department

    def make(code=None, name=None):
        n = next(_counter)
        department = Department(code=code or f"dept{n}", name=name or f"واحد {n}")
        db.session.add(department)
        db.session.commit()
        return department

    return make


@pytest.fixture
def make_staff(db):
    from portal.accounts.roles import ensure_default_roles
    from portal.accounts.services import create_staff

    def make(role="agent", departments=(), **overrides):
        ensure_default_roles()
        n = next(_counter)
        staff = create_staff(
            email=overrides.pop("email", f"staff{n}@pishkhan.test"),
            full_name=overrides.pop("full_name", f"کارمند {n}"),
            password=overrides.pop("password", TEST_PASSWORD),
            role_name=role,
            department_codes=[d.code if hasattr(d, "code") else d for d in departments],
        )
        return staff

    return make


def sign_in_customer(client, identifier, password=TEST_PASSWORD):
    return client.post("/auth/login", data={"identifier": identifier, "password": password})


def sign_in_staff(client, staff_or_email, password=TEST_PASSWORD):
    email = getattr(staff_or_email, "email", staff_or_email)
    return client.post("/admin/login", data={"identifier": email, "password": password})


@pytest.fixture
def customer_client(app, make_customer):
    """A client signed in as a fresh customer; the customer is at client.customer."""
    customer = make_customer()
    client = app.test_client()
    response = sign_in_customer(client, customer.mobile)
    assert response.status_code == 302, response.get_data(as_text=True)
    client.customer = customer
    return client


@pytest.fixture
def staff_client_for(app, make_staff):
    """staff_client_for(role="agent", departments=[...]) -> a client signed in as a new staff member."""

    def make(role="agent", departments=()):
        staff = make_staff(role=role, departments=departments)
        client = app.test_client()
        response = sign_in_staff(client, staff)
        assert response.status_code == 302, response.get_data(as_text=True)
        client.staff = staff
        return client

    return make


def page_text(response) -> str:
    """The visible text of an HTML response, tags dropped, for assertions on what a person reads."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


@pytest.fixture
def make_category(db, make_department):
    from portal.tickets.models import Category

    def make(name=None, department=None):
        category = Category(name=name or f"موضوع {next(_counter)}", department=department or make_department())
        db.session.add(category)
        db.session.commit()
        return category

    return make


@pytest.fixture
def make_ticket(db, make_customer, make_category):
    """A ticket with its first message, written straight to the tables (services are tested on their own)."""
    from portal.tickets.models import Ticket, TicketMessage

    def make(customer=None, category=None, subject=None, body=None, **fields):
        customer = customer or make_customer()
        category = category or make_category()
        n = next(_counter)
        ticket = Ticket(number=fields.pop("number", f"{900000 + n}"), customer=customer, category=category,
                        department_id=fields.pop("department_id", category.department_id),
                        subject=subject or f"تیکت آزمایشی {n}", **fields)
        ticket.messages.append(TicketMessage(author_customer_id=customer.id, body=body or "متن پیام آزمایشی",
                                             channel=ticket.channel or "portal"))
        db.session.add(ticket)
        db.session.commit()
        return ticket

    return make


@pytest.fixture
def empty_database_url(tmp_path):
    """A second, empty database of the kind the suite runs on (a file for SQLite, a new PostgreSQL database)."""
    url = os.environ.get("PORTAL_TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
        return
    name = f"pishkhan_empty_{uuid.uuid4().hex[:8]}"
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()
