"""`fetch-email`: poll an IMAP mailbox by UID; every message is stored and processed, then moved to
PORTAL_IMAP_PROCESSED_FOLDER (or marked \\Seen and left when that is empty). A message is moved only
after it is safely in the inbound store, so a crash never loses one; fetching it again is harmless."""
from __future__ import annotations

import logging
import ssl
import time
from dataclasses import dataclass

from flask import current_app
from imapclient import IMAPClient

from .email import receive_raw

log = logging.getLogger(__name__)


@dataclass
class FetchResult:
    fetched: int = 0
    new: int = 0
    failed: int = 0

    def __str__(self):
        return f"fetched {self.fetched}, new {self.new}, failed to store {self.failed}"


def _ssl_context(config):
    context = ssl.create_default_context(cafile=config.get("PORTAL_IMAP_CA_FILE") or None)
    if not config.get("PORTAL_IMAP_VERIFY", True):
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def connect(config) -> IMAPClient:
    security = (config.get("PORTAL_IMAP_SECURITY") or "tls").lower()  # tls, starttls, none (loopback tests)
    context = _ssl_context(config)
    client = IMAPClient(config["PORTAL_IMAP_HOST"], port=int(config["PORTAL_IMAP_PORT"]),
                        ssl=security == "tls", ssl_context=context if security == "tls" else None,
                        timeout=float(config.get("PORTAL_IMAP_TIMEOUT") or 30))
    if security == "starttls":
        client.starttls(context)
    client.login(config["PORTAL_IMAP_USERNAME"], config["PORTAL_IMAP_PASSWORD"] or "")
    return client


def fetch_once(batch: int = 50) -> FetchResult:
    config = current_app.config
    result = FetchResult()
    processed_folder = config.get("PORTAL_IMAP_PROCESSED_FOLDER")
    with connect(config) as client:
        if processed_folder and not client.folder_exists(processed_folder):
            client.create_folder(processed_folder)
        client.select_folder(config.get("PORTAL_IMAP_FOLDER") or "INBOX")
        uids = client.search(["NOT", "DELETED"] if processed_folder else ["UNSEEN"])
        for start in range(0, len(uids), batch):
            chunk = uids[start:start + batch]
            stored = []
            for uid, data in client.fetch(chunk, ["BODY.PEEK[]"]).items():
                result.fetched += 1
                try:
                    _message, is_new = receive_raw(data[b"BODY[]"])
                except Exception:  # noqa: BLE001  (left in the mailbox; the next poll tries again)
                    log.exception("IMAP message %s could not be stored", uid)
                    result.failed += 1
                    continue
                result.new += int(is_new)
                stored.append(uid)
            if stored:
                if processed_folder:
                    client.move(stored, processed_folder)
                else:
                    client.add_flags(stored, [b"\\Seen"])
    return result


def run_loop(interval: float, should_stop=lambda: False, on_pass=lambda result: None) -> None:
    while not should_stop():
        try:
            on_pass(fetch_once())
        except Exception:  # noqa: BLE001  (a mailbox that is down now may be up at the next poll)
            log.exception("fetch-email pass failed")
        waited = 0.0
        while waited < interval and not should_stop():
            time.sleep(min(1.0, interval - waited))
            waited += 1.0
