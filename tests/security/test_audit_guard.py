"""On PostgreSQL the audit trail is append-only in the database itself, not only in the application."""
import os
import uuid

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from portal import create_app
from portal.extensions import db

URL = os.environ.get("PORTAL_TEST_DATABASE_URL", "")
pytestmark = pytest.mark.skipif(not URL.startswith("postgresql"), reason="the trigger is PostgreSQL's")


@pytest.fixture
def migrated_url(tmp_path):
    name = f"pishkhan_audit_{uuid.uuid4().hex[:8]}"
    admin = create_engine(make_url(URL).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(URL).set(database=name).render_as_string(hide_password=False)
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url,
                      "PORTAL_SEARCH_INDEX_DIR": str(tmp_path / "index")})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_audit_rows_cannot_be_changed_or_deleted_by_any_connection(migrated_url):
    engine = create_engine(migrated_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO audit_entries (at, action, details) VALUES (now(), 'login.failed', '{}')"))
        for statement in ("UPDATE audit_entries SET action = 'nothing'", "DELETE FROM audit_entries",
                          "TRUNCATE audit_entries"):
            with pytest.raises(DBAPIError, match="append-only"):
                with engine.begin() as conn:
                    conn.execute(text(statement))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT action FROM audit_entries")).scalars().all() == ["login.failed"]
    finally:
        engine.dispose()
