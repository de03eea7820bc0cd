"""Backup and restore: a consistent snapshot of the database and the uploaded files, in one .tar.gz.

The database is copied first (SQLite's online backup API, or pg_dump's snapshot on PostgreSQL), then the
upload directory: a file is always written before the row that names it is committed, so every attachment in
the snapshot has its file in the archive (a file added meanwhile is an unused extra). With PORTAL_STORAGE=database
the files are inside the database copy. manifest.json holds the row count of every table and the size and
SHA-256 of every file; restore checks the result against it.

Restore goes into an empty instance only (no tables with rows, no uploaded files) and the same kind of
database (SQLite to SQLite, PostgreSQL to PostgreSQL).
"""
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from flask import current_app
from sqlalchemy import func, inspect, select
from sqlalchemy.engine import make_url

from ..extensions import db

FORMAT = 1


class BackupError(RuntimeError):
    """Something a person must fix; str() says what."""


@dataclass
class Snapshot:
    path: Path
    tables: dict
    files: int


def _url():
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def _kind() -> str:
    backend = _url().get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BackupError(f"backups support SQLite and PostgreSQL, not {backend}")
    return backend


def _libpq_url(url) -> str:
    """pg_dump takes a libpq URL: the SQLAlchemy one without its driver."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def table_counts() -> dict[str, int]:
    names = sorted(inspect(db.engine).get_table_names())
    with db.engine.connect() as connection:
        return {name: connection.scalar(select(func.count()).select_from(db.table(name))) for name in names}


def _upload_dir() -> Path:
    return Path(current_app.config["PORTAL_UPLOAD_DIR"])


def _files(root: Path):
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file():
                yield path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def backup(destination: Path) -> Snapshot:
    """Write the archive; `destination` is a file name (.tar.gz) or an existing directory to put one in."""
    kind = _kind()
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    destination = Path(destination)
    if destination.is_dir():
        destination = destination / f"pishkhan-backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory(prefix="pishkhan-backup-") as work:
        work = Path(work)
        counts = table_counts()
        if kind == "sqlite":
            database_name = "database.sqlite"
            _sqlite_copy(Path(_url().database), work / database_name)
            counts = _sqlite_counts(work / database_name)  # what the copy holds, not what came after
        else:
            database_name = "database.pgdump"
            counts = _pg_dump(work / database_name)
        root = _upload_dir()
        files = {}
        (work / "uploads").mkdir()
        for path in _files(root):
            relative = path.relative_to(root).as_posix()
            target = work / "uploads" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            files[relative] = {"size": target.stat().st_size, "sha256": _sha256(target)}
        manifest = {"format": FORMAT, "created_at": stamp, "database": kind, "database_file": database_name,
                    "storage": current_app.config["PORTAL_STORAGE"], "tables": counts, "files": files}
        (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            for item in ("manifest.json", database_name, "uploads"):
                archive.add(work / item, arcname=item)
        os.replace(partial, destination)  # a reader never sees half an archive
    return Snapshot(destination, counts, len(files))


def _sqlite_copy(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy while the portal keeps running."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _sqlite_counts(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        names = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}
    finally:
        connection.close()


def _pg_dump(target: Path) -> dict[str, int]:
    """pg_dump of an exported snapshot, counted inside that same snapshot, so the manifest matches the dump."""
    with db.engine.connect() as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            snapshot = connection.exec_driver_sql("SELECT pg_export_snapshot()").scalar()
            names = sorted(inspect(connection).get_table_names())
            counts = {name: connection.scalar(select(func.count()).select_from(db.table(name))) for name in names}
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                  "--file", str(target), _libpq_url(_url())])
    return counts


def _run(command) -> None:
    try:
        result = subprocess.run(command, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client)") from None
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def restore(archive_path: Path) -> Snapshot:
    """Restore an archive into this (empty) instance and check it against the manifest."""
    kind = _kind()
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"no such archive: {archive_path}")
    with tempfile.TemporaryDirectory(prefix="pishkhan-restore-") as work:
        work = Path(work)
        try:
            with tarfile.open(archive_path, "r:gz") as archive:
                archive.extractall(work, filter="data")  # no absolute paths, no links out of the directory
            manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
        except (tarfile.TarError, OSError, ValueError) as error:
            raise BackupError(f"{archive_path} is not a Pishkhan backup: {error}") from None
        if manifest.get("format") != FORMAT:
            raise BackupError("this archive was written by another version of the backup format")
        if manifest["database"] != kind:
            raise BackupError(f"this archive holds a {manifest['database']} database; this instance uses {kind}")
        _refuse_unless_empty()
        db.session.remove()
        db.engine.dispose()
        if kind == "sqlite":
            _sqlite_copy(work / manifest["database_file"], Path(_url().database))
        else:
            # --clean: an empty database may already have the (empty) tables of `db upgrade`
            _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                  "--clean", "--if-exists", "--dbname", _libpq_url(_url()), str(work / manifest["database_file"])])
        db.engine.dispose()
        root = _upload_dir()
        for relative, expected in manifest["files"].items():
            source = work / "uploads" / relative
            if _sha256(source) != expected["sha256"]:
                raise BackupError(f"{relative} in the archive is damaged")
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    counts = table_counts()
    differing = {t: (n, counts.get(t)) for t, n in manifest["tables"].items() if counts.get(t) != n}
    if differing:
        raise BackupError(f"restored tables differ from the archive: {differing}")
    return Snapshot(archive_path, counts, len(manifest["files"]))


# Filled by the migrations themselves (reference data, not a business's records); the restore replaces them.
REFERENCE_TABLES = {"alembic_version", "calendar_days", "search_synonyms"}


def _refuse_unless_empty() -> None:
    filled = {name: n for name, n in table_counts().items() if n and name not in REFERENCE_TABLES}
    if filled:
        raise BackupError("restore goes into an empty instance; this database has rows in: "
                          + ", ".join(sorted(filled)))
    if any(True for _ in _files(_upload_dir())):
        raise BackupError(f"restore goes into an empty instance; {_upload_dir()} has files")
