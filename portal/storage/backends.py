"""The storage backends: a local (or shared) directory, and the database."""
import io
import re
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
