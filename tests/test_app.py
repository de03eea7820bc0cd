"""The app factory, configuration, SQLite settings, error pages and the foundation's CLI."""
from sqlalchemy import text

from portal import create_app
from portal.accounts.models import Customer, StaffUser
from tests.conftest import page_text


def test_secret_key_is_generated_once_into_instance(tmp_path, monkeypatch):
    from flask import Flask

    from portal import config

    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    apps = [Flask("portal", instance_path=str(tmp_path / "instance")) for _ in range(2)]
    for app in apps:
        config.load(app)
    assert apps[0].config["SECRET_KEY"] == apps[1].config["SECRET_KEY"]
    assert len(apps[0].config["SECRET_KEY"]) == 64
    assert (tmp_path / "instance" / "secret_key").stat().st_mode & 0o777 == 0o600


def test_environment_overrides(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    monkeypatch.setenv("PORTAL_UPLOAD_MAX_BYTES", "1234")
    monkeypatch.setenv("PORTAL_UPLOAD_EXTENSIONS", "PDF, png")
    app = create_app({"SECRET_KEY": "x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("x.sqlite")
    assert app.config["PORTAL_UPLOAD_MAX_BYTES"] == 1234
    assert app.config["PORTAL_UPLOAD_EXTENSIONS"] == ("pdf", "png")


def test_sqlite_uses_wal_busy_timeout_and_foreign_keys(app, db):
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_not_found_page_is_persian_in_the_layout(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert '<html lang="fa" dir="rtl">' in response.get_data(as_text=True)
    assert "صفحه پیدا نشد" in page_text(response)
    assert "۴۰۴" in page_text(response)


def test_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_unknown_language_is_refused_and_next_stays_local(client):
    assert client.get("/lang/de").status_code == 404
    response = client.get("/lang/en", query_string={"next": "https://evil.example/"})
    assert response.headers["Location"].endswith("/")
    assert "evil" not in response.headers["Location"]


def test_create_staff_command(app, db):
    result = app.test_cli_runner().invoke(args=[
        "create-staff", "--email", "New@Pishkhan.test", "--name", "کارمند تازه", "--role", "admin",
        "--password", "Strong-Pass-1405"])
    assert result.exit_code == 0, result.output
    staff = db.session.query(StaffUser).filter_by(email="new@pishkhan.test").one()
    assert staff.role.name == "admin"


def test_create_staff_with_unknown_role_fails_clearly(app, db):
    result = app.test_cli_runner().invoke(args=[
        "create-staff", "--email", "x@pishkhan.test", "--name", "x", "--role", "king", "--password", "p"])
    assert result.exit_code != 0
    assert "king" in result.output


def test_seed_demo_adds_a_company_once(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo", "--if-empty"])
    assert first.exit_code == 0, first.output
    customers = db.session.query(Customer).count()
    assert customers >= 8 and db.session.query(StaffUser).count() >= 5
    assert "admin@pishkhan.test" in first.output
    second = runner.invoke(args=["seed-demo", "--if-empty"])
    assert second.exit_code == 0 and db.session.query(Customer).count() == customers
