"""Attachments on shared storage: the database backend lets any app server serve any attachment."""
import io

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from portal import create_app, storage
from portal.storage.models import StoredFile
from portal.tickets import services
from portal.tickets.models import Attachment
from tests.conftest import PortalClient, sign_in_customer


def upload(name, content):
    return FileStorage(stream=io.BytesIO(content), filename=name, content_type="application/octet-stream")


@pytest.fixture
def open_with_files(db, make_customer, make_category):
    def make(*files):
        customer = make_customer()
        ticket = services.open_ticket(customer, subject="قبض", body="پیوست را ببینید", category=make_category(),
                                      files=list(files))
        return customer, ticket

    return make


@pytest.mark.app_config(PORTAL_STORAGE="database")
def test_an_attachment_saved_on_one_server_is_downloaded_from_another(app, db, app_config, tmp_path, open_with_files):
    customer, ticket = open_with_files(upload("قبض.pdf", b"%PDF-1.4 from node A"))
    [row] = db.session.scalars(select(Attachment).where(Attachment.ticket_id == ticket.id))
    assert not (tmp_path / "uploads").exists()  # nothing on this server's disk
    mobile, attachment_id = customer.mobile, row.id

    # Node B: its own instance and upload directories, the same database.
    node_b = create_app({**app_config, "PORTAL_UPLOAD_DIR": str(tmp_path / "node-b-uploads")})
    node_b.test_client_class = PortalClient
    with node_b.app_context():
        client = node_b.test_client()
        sign_in_customer(client, mobile)
        response = client.get(f"/attachments/{attachment_id}")
    assert response.status_code == 200
    assert response.data == b"%PDF-1.4 from node A"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.app_config(PORTAL_STORAGE="database")
def test_a_failed_transaction_keeps_no_file(app, db, make_customer, make_category):
    customer = make_customer()
    app.config["PORTAL_UPLOAD_MAX_BYTES"] = 4
    with pytest.raises(services.UploadRejected):
        # passes the size check (4 bytes claimed by seek), then the stream grows: refused while storing
        stream = io.BytesIO(b"1234")
        file = FileStorage(stream=stream, filename="a.txt")
        services.attachments.check_files([file])
        stream.seek(0, 2)
        stream.write(b"5678")
        services.open_ticket(customer, subject="x", body="y", category=make_category(), files=[file])
    assert db.session.scalar(select(StoredFile)) is None
    assert db.session.scalar(select(Attachment)) is None


@pytest.mark.parametrize("backend", ["local", "database"])
def test_both_backends_keep_and_return_the_bytes(app, db, backend):
    app.config["PORTAL_STORAGE"] = backend
    store = storage.backend()
    handle, size = store.save("a" * 32, io.BytesIO(b"salam"), 100)
    db.session.commit()
    source = store.open("a" * 32)
    data = source.read_bytes() if hasattr(source, "read_bytes") else source.read()
    assert (size, data) == (5, b"salam")
    with pytest.raises(storage.TooLarge):
        store.save("b" * 32, io.BytesIO(b"x" * 101), 100)
    assert store.open("b" * 32) is None
    with pytest.raises(ValueError):
        store.open("../../etc/passwd")
    store.delete("a" * 32)
    db.session.commit()
    assert store.open("a" * 32) is None


def test_an_unknown_backend_is_a_clear_error(app):
    app.config["PORTAL_STORAGE"] = "ftp"
    with pytest.raises(ValueError, match="PORTAL_STORAGE"):
        storage.backend()
