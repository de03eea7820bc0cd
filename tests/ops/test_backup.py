"""backup / restore: a snapshot of the database and the uploads, restored into an empty instance and compared."""
import io

from flask_migrate import upgrade
from sqlalchemy import MetaData, create_engine, select
from werkzeug.datastructures import FileStorage

from portal import create_app
from portal.extensions import db as _db
from portal.notify import notify_customer
from portal.tickets import services
from tests.conftest import PortalClient, sign_in_customer




def all_rows(url):
    """Every row of every table, in primary-key order: what 'the same data' means."""
    engine = create_engine(url)
    meta = MetaData()
    meta.reflect(bind=engine)
    with engine.connect() as conn:
        rows = {t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
                for t in meta.sorted_tables if t.name != "alembic_version"}
    engine.dispose()
    return rows


def test_backup_then_restore_into_an_empty_instance_gives_the_same_data_and_files(
        app, db, app_config, tmp_path, make_customer, make_category, empty_database_url):
    customer = make_customer(full_name="زهرا کریمی")
    ticket = services.open_ticket(customer, subject="قطعی اینترنت", body="از دیروز وصل نیست", category=make_category(),
                                  files=[FileStorage(stream=io.BytesIO(b"modem log \xd9\x85"), filename="لاگ.txt")])
    notify_customer(customer, "ticket_opened", ticket=ticket, message=ticket.messages[0])
    db.session.commit()
    mobile = customer.mobile  # read now: inside the other app's context the session would ask the other database
    before = all_rows(app.config["SQLALCHEMY_DATABASE_URI"])

    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path)])
    assert result.exit_code == 0, result.output
    [archive] = tmp_path.glob("pishkhan-backup-*.tar.gz")
    assert f"backup written to {archive}" in result.output and "1 files" in result.output

    # A new machine: its own instance and upload directories, an empty database with the schema installed.
    restored = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": empty_database_url,
                           "PORTAL_UPLOAD_DIR": str(tmp_path / "node-b" / "uploads")})
    restored.test_client_class = PortalClient
    with restored.app_context():
        upgrade(directory="migrations")
        result = restored.test_cli_runner().invoke(args=["restore", str(archive)])
        assert result.exit_code == 0, result.output
        assert "1 files" in result.output
        _db.session.remove()
        _db.engine.dispose()
        assert all_rows(empty_database_url) == before
        client = restored.test_client()
        sign_in_customer(client, mobile)
        attachment_id = before["attachments"][0][0]
        download = client.get(f"/attachments/{attachment_id}")
        assert download.status_code == 200 and download.data == b"modem log \xd9\x85"

        again = restored.test_cli_runner().invoke(args=["restore", str(archive)])
        assert again.exit_code == 1 and "empty instance" in again.output  # never over live data
        _db.session.remove()
        _db.engine.dispose()


def test_restore_refuses_a_damaged_or_foreign_archive(app, tmp_path):
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(b"not an archive")
    result = app.test_cli_runner().invoke(args=["restore", str(bad)])
    assert result.exit_code == 1 and "is not a Pishkhan backup" in result.output
