"""The storage backends: a local (or shared) directory, the database, and an S3-compatible bucket."""
import io
import re
import threading
from pathlib import Path

from sqlalchemy import delete, select

from ..extensions import db
from .models import StoredFile

CHUNK = 64 * 1024
_KEY = re.compile(r"[0-9a-f]{32}")


class TooLarge(ValueError):
    """The stream was longer than max_bytes; nothing was kept."""


def _checked(key: str) -> str:
    if not _KEY.fullmatch(key or ""):  # never a path or a name from outside
        raise ValueError("not a storage key")
    return key


def _read_limited(stream, max_bytes):
    size = 0
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise TooLarge(f"more than {max_bytes} bytes")
        yield chunk


class LocalStorage:
    """Files under root/<2 hex>/<32 hex>, outside anything the web server serves. Written at once; discard()
    removes them when the transaction that refers to them fails."""

    def __init__(self, root):
        self.root = Path(root)

    @classmethod
    def from_config(cls, config):
        return cls(config["PORTAL_UPLOAD_DIR"])

    def path(self, key: str) -> Path:
        key = _checked(key)
        return self.root / key[:2] / key

    def save(self, key, stream, max_bytes) -> tuple[object, int]:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        size = 0
        try:
            with target.open("xb") as out:
                for chunk in _read_limited(stream, max_bytes):
                    size += len(chunk)
                    out.write(chunk)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return target, size

    def discard(self, handles) -> None:
        for handle in handles:
            Path(handle).unlink(missing_ok=True)

    def open(self, key):
        path = self.path(key)
        return path if path.is_file() else None

    def delete(self, key) -> None:
        self.path(key).unlink(missing_ok=True)


class DatabaseStorage:
    """Files as rows of stored_files, written in the caller's transaction: they commit or roll back with the
    rows that refer to them, so there is nothing to clean up and every app server sees them at once."""

    @classmethod
    def from_config(cls, config):
        return cls()

    def save(self, key, stream, max_bytes) -> tuple[object, int]:
        data = b"".join(_read_limited(stream, max_bytes))
        db.session.add(StoredFile(key=_checked(key), size=len(data), data=data))
        return key, len(data)

    def discard(self, handles) -> None:
        """The caller's rollback already took them away."""

    def open(self, key):
        data = db.session.scalar(select(StoredFile.data).where(StoredFile.key == _checked(key)))
        return None if data is None else io.BytesIO(data)

    def delete(self, key) -> None:
        db.session.execute(delete(StoredFile).where(StoredFile.key == _checked(key)))


class S3Storage:
    """Files as objects of an S3-compatible bucket (AWS S3, MinIO, Ceph, ArvanCloud ...), shared by every app
    server. An object is written before the transaction that refers to it commits (like a local file), and
    discard() deletes it when that transaction fails."""

    _clients: dict = {}  # one client per configuration and process: making one costs far more than a request
    _lock = threading.Lock()

    def __init__(self, client, bucket: str, prefix: str = ""):
        self.client, self.bucket, self.prefix = client, bucket, prefix

    @classmethod
    def from_config(cls, config):
        if not config.get("PORTAL_S3_BUCKET"):
            raise ValueError("PORTAL_STORAGE=s3 needs PORTAL_S3_BUCKET")
        settings = (config.get("PORTAL_S3_ENDPOINT_URL"), config.get("PORTAL_S3_REGION"),
                    config.get("PORTAL_S3_ACCESS_KEY_ID"), config.get("PORTAL_S3_SECRET_ACCESS_KEY"),
                    bool(config.get("PORTAL_S3_PATH_STYLE")))
        with cls._lock:
            client = cls._clients.get(settings)
            if client is None:
                client = cls._clients[settings] = _s3_client(*settings)
        return cls(client, config["PORTAL_S3_BUCKET"], config.get("PORTAL_S3_PREFIX") or "")

    def name(self, key: str) -> str:
        return self.prefix + _checked(key)

    def save(self, key, stream, max_bytes) -> tuple[object, int]:
        name = self.name(key)
        data = b"".join(_read_limited(stream, max_bytes))  # at most PORTAL_UPLOAD_MAX_BYTES, checked first
        self.client.put_object(Bucket=self.bucket, Key=name, Body=data)
        return name, len(data)

    def discard(self, handles) -> None:
        for name in handles:
            self.client.delete_object(Bucket=self.bucket, Key=name)

    def open(self, key):
        from botocore.exceptions import ClientError

        try:
            body = self.client.get_object(Bucket=self.bucket, Key=self.name(key))["Body"]
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                return None
            raise
        return _Stream(body)

    def delete(self, key) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.name(key))


class _Stream(io.RawIOBase):
    """The object's body as a readable file for send_file, streamed in chunks, closed with the response."""

    def __init__(self, body):
        self.body = body

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.body.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def close(self):
        self.body.close()
        super().close()


def _s3_client(endpoint_url, region, access_key, secret_key, path_style):
    import boto3  # only installations that store attachments in S3 pay for loading it
    from botocore.config import Config

    session = boto3.session.Session()  # the default session is not safe to share between threads
    return session.client("s3", endpoint_url=endpoint_url or None, region_name=region or None,
                          aws_access_key_id=access_key or None, aws_secret_access_key=secret_key or None,
                          config=Config(s3={"addressing_style": "path" if path_style else "auto"},
                                        retries={"max_attempts": 3, "mode": "standard"}))
