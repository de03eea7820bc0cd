"""Attachments in an S3-compatible bucket: a real S3 server (moto's server mode) runs on a loopback port for the
module; the app talks to it through boto3 exactly as it would to AWS, MinIO or ArvanCloud."""
import io
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from werkzeug.datastructures import FileStorage

from portal import create_app, storage
from portal.tickets import services
from portal.tickets.models import Attachment
from tests.conftest import PortalClient, sign_in_customer

boto3 = pytest.importorskip("boto3")
MOTO = shutil.which("moto_server") or str(Path(sys.executable).with_name("moto_server"))
KEYS = {"PORTAL_S3_ACCESS_KEY_ID": "pishkhan-test", "PORTAL_S3_SECRET_ACCESS_KEY": "pishkhan-test-secret",
        "PORTAL_S3_REGION": "us-east-1", "PORTAL_S3_PATH_STYLE": True}


def _port() -> int:
    """PORTAL_TEST_S3_PORT when given (a machine with assigned ports), else one the system says is free."""
    if os.environ.get("PORTAL_TEST_S3_PORT"):
        return int(os.environ["PORTAL_TEST_S3_PORT"])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    if not Path(MOTO).exists():
        pytest.skip("moto_server is not installed (pip install 'moto[server]')")
    port = _port()
    server = subprocess.Popen([MOTO, "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                requests.get(url, timeout=30)  # the first answer loads moto's S3 model: seconds
                break
            except requests.RequestException:
                if server.poll() is not None:
                    raise RuntimeError("moto_server stopped at start")
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def bucket(s3_endpoint, app):
    """A fresh bucket for the test, and the app set to store attachments in it."""
    name = f"pishkhan-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1",
                          aws_access_key_id="pishkhan-test", aws_secret_access_key="pishkhan-test-secret")
    client.create_bucket(Bucket=name)
    settings = {"PORTAL_STORAGE": "s3", "PORTAL_S3_BUCKET": name, "PORTAL_S3_ENDPOINT_URL": s3_endpoint, **KEYS}
    app.config.update(settings)
    client.settings = settings
    client.name = name
    return client


def objects(bucket) -> dict:
    listing = bucket.list_objects_v2(Bucket=bucket.name).get("Contents", [])
    return {o["Key"]: bucket.get_object(Bucket=bucket.name, Key=o["Key"])["Body"].read() for o in listing}


def test_an_attachment_uploaded_through_the_app_is_kept_in_the_bucket_and_downloaded_on_another_node(
        app, db, app_config, bucket, tmp_path, make_customer, make_category):
    customer = make_customer()
    category = make_category()
    content = b"%PDF-1.4 " + os.urandom(200_000)  # larger than one read of the stream
    client = app.test_client()
    sign_in_customer(client, customer.mobile)
    response = client.post("/tickets/new", content_type="multipart/form-data", data={
        "subject": "قبض آذر", "body": "قبض را پیوست کردم", "category": category.id,
        "attachments": [(io.BytesIO(content), "قبض آذر.pdf")]})
    assert response.status_code == 302, response.get_data(as_text=True)
    row = db.session.query(Attachment).one()

    assert objects(bucket) == {f"attachments/{row.stored_name}": content}
    assert not (tmp_path / "uploads").exists()  # nothing on this server's disk

    # Node B: its own instance and upload directories, the same database and bucket.
    node_b = create_app({**app_config, **bucket.settings, "PORTAL_UPLOAD_DIR": str(tmp_path / "node-b-uploads")})
    node_b.test_client_class = PortalClient
    with node_b.app_context():
        other = node_b.test_client()
        sign_in_customer(other, customer.mobile)
        download = other.get(f"/attachments/{row.id}")
        assert download.status_code == 200
        assert download.data == content
        assert download.headers["Content-Disposition"].startswith("attachment")
        assert download.headers["X-Content-Type-Options"] == "nosniff"
        stranger = node_b.test_client()
        sign_in_customer(stranger, make_customer().mobile)
        assert stranger.get(f"/attachments/{row.id}").status_code == 404  # the access policy still decides


def test_a_refused_upload_leaves_no_object(app, db, bucket, make_customer, make_category):
    customer = make_customer()
    app.config["PORTAL_UPLOAD_MAX_BYTES"] = 4
    stream = io.BytesIO(b"1234")
    file = FileStorage(stream=stream, filename="a.txt")
    services.attachments.check_files([file])
    stream.seek(0, 2)
    stream.write(b"5678")  # grows after the check: refused while storing
    with pytest.raises(services.UploadRejected):
        services.open_ticket(customer, subject="x", body="y", category=make_category(), files=[file])
    assert objects(bucket) == {}


def test_a_failed_transaction_removes_the_object(app, db, bucket, make_customer, make_category):
    customer = make_customer()
    files = [FileStorage(stream=io.BytesIO(b"salam"), filename="a.txt")]
    store = storage.backend()
    _, handles = services.attachments.store(files, ticket=None, message=None)
    assert len(objects(bucket)) == 1
    db.session.rollback()
    store.discard(handles)
    assert objects(bucket) == {}


def test_the_backend_keeps_returns_and_deletes_bytes(app, db, bucket):
    store = storage.backend()
    assert isinstance(store, storage.S3Storage)
    handle, size = store.save("a" * 32, io.BytesIO(b"salam"), 100)
    assert (handle, size) == ("attachments/" + "a" * 32, 5)
    assert store.open("a" * 32).read() == b"salam"
    with pytest.raises(storage.TooLarge):
        store.save("b" * 32, io.BytesIO(b"x" * 101), 100)
    assert store.open("b" * 32) is None
    with pytest.raises(ValueError):
        store.open("../../etc/passwd")
    store.delete("a" * 32)
    assert store.open("a" * 32) is None


def test_s3_without_a_bucket_is_a_clear_error(app):
    app.config.update(PORTAL_STORAGE="s3", PORTAL_S3_BUCKET=None)
    with pytest.raises(ValueError, match="PORTAL_S3_BUCKET"):
        storage.backend()
