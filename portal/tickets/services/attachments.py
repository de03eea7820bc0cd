"""Attachments: checked against the configured limits, stored under random names, never trusted by name.

A file's name is only ever shown and offered as the download name (cleaned of paths and invisible
characters); it is stored under a random key in the configured storage (portal.storage: by default
PORTAL_UPLOAD_DIR/<2 hex>/<32 hex>, outside anything the web server serves).
"""
from __future__ import annotations

import mimetypes
import re
import secrets
import unicodedata
from pathlib import Path

from flask import current_app
from flask_babel import get_locale, gettext as _, lazy_gettext as _l

from ... import storage
from ...extensions import db
from ...jalali import format_number
from ...persian import ZWNJ
from ..models import Attachment
from . import sniffing

# Types a browser would run or render as a page: never sent with their own type, even if an admin allows them.
ACTIVE_TYPES = {"text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml",
                "text/javascript", "application/javascript", "application/x-shockwave-flash"}
_UNSAFE_CHARS = re.compile(r'[<>:"|?*\x00-\x1f\x7f]')
MAX_NAME_LENGTH = 120


class UploadRejected(ValueError):
    """A file the limits do not allow; str() is the message for the person who sent it."""


def clean_filename(name: str | None) -> str:
    """A name safe to show and to offer for download: no directories, no control, bidi or zero-width
    characters (ZWNJ stays: it is Persian spelling), no leading dots, at most MAX_NAME_LENGTH characters."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch == ZWNJ or not unicodedata.category(ch).startswith("C"))
    name = " ".join(_UNSAFE_CHARS.sub("_", name).split()).strip(" ." + ZWNJ)
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:10] if dot else ""
        name = (stem if dot else name)[:MAX_NAME_LENGTH - len(ext) - 1].rstrip(" .") + ("." + ext if ext else "")
    return name or "file"


def extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def human_size(size: int) -> str:
    locale = get_locale() or "fa"
    if size >= 1024 * 1024:
        return _("%(n)s MB", n=format_number(f"{size / 1024 / 1024:.1f}".removesuffix(".0"), locale))
    return _("%(n)s KB", n=format_number(max(1, round(size / 1024)), locale))


def stream_size(file) -> int:
    stream = file.stream
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    return size


def chosen_files(files) -> list:
    """The files actually chosen: a browser sends an empty part for an empty file input."""
    return [f for f in files or () if f is not None and getattr(f, "filename", "")]


def check_files(files) -> None:
    """Raise UploadRejected with a message naming the file when any file breaks the limits."""
    config = current_app.config
    files = chosen_files(files)
    if len(files) > config["PORTAL_UPLOAD_MAX_FILES"]:
        raise UploadRejected(_l("Attach at most %(count)s files.",
                                count=format_number(config["PORTAL_UPLOAD_MAX_FILES"], get_locale() or "fa")))
    allowed = tuple(e.lower() for e in config["PORTAL_UPLOAD_EXTENSIONS"])
    for file in files:
        name = clean_filename(file.filename)
        if extension(name) not in allowed:
            raise UploadRejected(_l("“%(name)s” cannot be attached: only these types are accepted: %(types)s.",
                                    name=name, types="، ".join(allowed)))
        size = stream_size(file)
        if size == 0:
            raise UploadRejected(_l("“%(name)s” is empty.", name=name))
        if size > config["PORTAL_UPLOAD_MAX_BYTES"]:
            raise UploadRejected(_l("“%(name)s” is larger than %(limit)s.",
                                    name=name, limit=human_size(config["PORTAL_UPLOAD_MAX_BYTES"])))
        head = sniffing.head_of(file.stream)
        if sniffing.is_markup(head):
            raise UploadRejected(_l("“%(name)s” is a web page or an SVG image, which cannot be attached.", name=name))
        if not sniffing.content_matches(extension(name), head):
            raise UploadRejected(_l("“%(name)s” is not what its name says: its content is not a .%(ext)s file.",
                                    name=name, ext=extension(name)))


def upload_dir() -> Path:
    return Path(current_app.config["PORTAL_UPLOAD_DIR"])


def path_of(attachment: Attachment) -> Path:
    name = attachment.stored_name
    if not re.fullmatch(r"[0-9a-f]{32}", name):  # never a path from anywhere but store()
        raise ValueError("not a stored attachment name")
    return upload_dir() / name[:2] / name


def store(files, *, ticket, message) -> tuple[list[Attachment], list]:
    """Save the (already checked) files in the configured storage and add their rows; returns the rows and
    handles for remove(), which the caller calls if its transaction fails."""
    rows, written = [], []
    backend = storage.backend()
    max_bytes = current_app.config["PORTAL_UPLOAD_MAX_BYTES"]
    try:
        for file in chosen_files(files):
            name = clean_filename(file.filename)
            stored = secrets.token_hex(16)
            file.stream.seek(0)
            try:
                handle, size = backend.save(stored, file.stream, max_bytes)
            except storage.TooLarge:  # checked before, but the stream is the truth
                raise UploadRejected(_l("“%(name)s” is larger than %(limit)s.",
                                        name=name, limit=human_size(max_bytes))) from None
            written.append(handle)
            row = Attachment(ticket=ticket, message=message, original_name=name, stored_name=stored,
                             content_type=mimetypes.guess_type(name)[0] or "application/octet-stream", size=size)
            db.session.add(row)
            rows.append(row)
    except BaseException:
        remove(written)
        raise
    return rows, written


def remove(written) -> None:
    storage.backend().discard(written)


def open_stored(attachment: Attachment):
    """What send_file takes: a path (local storage) or a stream (database); None when the file is missing."""
    try:
        return storage.backend().open(attachment.stored_name)
    except ValueError:
        return None


def served_type(attachment: Attachment) -> str:
    """The Content-Type to send: the stored type unless a browser could run it."""
    kind = (attachment.content_type or "").split(";")[0].strip().lower()
    if not kind or kind in ACTIVE_TYPES or extension(attachment.original_name) in ("html", "htm", "svg", "xhtml", "xml", "js"):
        return "application/octet-stream"
    return kind
