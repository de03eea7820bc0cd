"""Where uploaded files live, behind one small interface, so that any app server can serve any file.

PORTAL_STORAGE picks the backend: "local" (default: PORTAL_UPLOAD_DIR on this machine's disk, or a shared
mount), "database" (the files in the database every app server already shares) or "s3" (a bucket of an
S3-compatible store, PORTAL_S3_*). Names are opaque keys
made by the caller (32 hex characters); the backends never see a person's file name.

    backend = storage.backend()
    handle = backend.save(key, stream, max_bytes)   # raises TooLarge; handle undoes it with discard()
    backend.discard([handle])                       # the transaction that referred to it failed
    source = backend.open(key)                      # a Path or a binary stream for send_file; None if missing
    backend.delete(key)
"""
from flask import current_app

from .backends import DatabaseStorage, LocalStorage, S3Storage, TooLarge

BACKENDS = {"local": LocalStorage, "database": DatabaseStorage, "s3": S3Storage}

__all__ = ["BACKENDS", "DatabaseStorage", "LocalStorage", "S3Storage", "TooLarge", "backend"]


def backend():
    name = current_app.config["PORTAL_STORAGE"]
    try:
        return BACKENDS[name].from_config(current_app.config)
    except KeyError:
        raise ValueError(f"PORTAL_STORAGE must be one of {', '.join(BACKENDS)}, not {name!r}") from None
