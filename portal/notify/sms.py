"""SMS provider adapters. Each has send(to, text, reference) and close(); PORTAL_SMS_BACKEND picks one.

- console: writes the SMS to stdout and the log (the default: nothing leaves the machine)
- file:    appends one JSON line per SMS to PORTAL_SMS_FILE (tests, demos, a hand-off to another tool)
- http:    a generic provider taking a JSON POST (shape below); write an adapter of your own for a
           provider that wants another shape and name it as "package.module:ClassName".
- kavenegar: Kavenegar's REST API (https://api.kavenegar.com/v1/<API key>/sms/send.json, see KavenegarSmsBackend).

The HTTP shape: POST PORTAL_SMS_URL with headers `Content-Type: application/json` and
`Authorization: Bearer PORTAL_SMS_API_KEY`, body {"to": "09121234567", "text": "...",
"sender": PORTAL_SMS_SENDER, "reference": "outbox-17"}. Any 2xx is success. 400, 404, 410, 413 and 422
mean this SMS can never be sent (the message goes dead); anything else, or no answer, is retried.
"""
import importlib
import json
import logging
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from ..models_base import utcnow
from .errors import DeliveryError, PermanentDeliveryError

log = logging.getLogger(__name__)


class ConsoleSmsBackend:
    def __init__(self, config, stream=None):
        self.stream = stream

    def send(self, to: str, text: str, reference: str) -> None:
        line = f"SMS to {to} [{reference}]: {text}"
        log.info(line)
        print(line, file=self.stream or sys.stdout, flush=True)

    def close(self) -> None:
        pass


class FileSmsBackend:
    def __init__(self, config):
        self.path = Path(config["PORTAL_SMS_FILE"])
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def send(self, to: str, text: str, reference: str) -> None:
        record = {"to": to, "text": text, "reference": reference, "at": utcnow().isoformat(timespec="seconds") + "Z"}
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        # one write() to an O_APPEND file: lines from several workers never interleave
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, line)
        except OSError as error:
            raise DeliveryError(f"cannot write {self.path}: {error}") from error
        finally:
            os.close(fd)

    def close(self) -> None:
        pass


_PERMANENT_HTTP = {400, 404, 410, 413, 422}


class HttpSmsBackend:
    def __init__(self, config):
        self.url = config.get("PORTAL_SMS_URL")
        if not self.url:
            raise DeliveryError("PORTAL_SMS_URL is not set")
        self.api_key = config.get("PORTAL_SMS_API_KEY")
        self.sender = config.get("PORTAL_SMS_SENDER")
        self.timeout = float(config.get("PORTAL_SMS_TIMEOUT") or 10)

    def send(self, to: str, text: str, reference: str) -> None:
        body = json.dumps({"to": to, "text": text, "sender": self.sender, "reference": reference},
                          ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as error:
            detail = error.read(500).decode("utf-8", "replace")
            kind = PermanentDeliveryError if error.code in _PERMANENT_HTTP else DeliveryError
            raise kind(f"SMS provider answered {error.code}: {detail}") from error
        except (OSError, ValueError) as error:  # URLError, timeouts, refused connections
            raise DeliveryError(f"SMS provider unreachable: {error}") from error

    def close(self) -> None:
        pass


class KavenegarSmsBackend:
    """Kavenegar (kavenegar.com): POST <PORTAL_KAVENEGAR_URL>/v1/<PORTAL_SMS_API_KEY>/sms/send.json, form-encoded
    receptor, message, sender (PORTAL_SMS_SENDER, optional) and localid (the outbox id: the provider sends a
    localid once, so a retry after a lost answer is not a second SMS). The answer is JSON
    {"return": {"status": 200, "message": ...}, "entries": [...]}, with the same status as the HTTP status.
    A bad receptor or message (400, 406, 411, 413, 414, 422) can never be sent; an invalid key or sender,
    no credit (418) or a server error is retried, so nothing is lost while an admin fixes the account."""

    PERMANENT = {400, 406, 411, 413, 414, 422}

    def __init__(self, config):
        self.api_key = config.get("PORTAL_SMS_API_KEY")
        if not self.api_key:
            raise DeliveryError("PORTAL_SMS_API_KEY is not set")
        base = (config.get("PORTAL_KAVENEGAR_URL") or "https://api.kavenegar.com").rstrip("/")
        self.url = f"{base}/v1/{urllib.parse.quote(str(self.api_key), safe='')}/sms/send.json"
        self.sender = config.get("PORTAL_SMS_SENDER")
        self.timeout = float(config.get("PORTAL_SMS_TIMEOUT") or 10)

    def send(self, to: str, text: str, reference: str) -> None:
        fields = {"receptor": to, "message": text}
        if self.sender:
            fields["sender"] = self.sender
        local_id = reference.rpartition("-")[2]
        if local_id.isdigit():
            fields["localid"] = local_id
        request = urllib.request.Request(self.url, data=urllib.parse.urlencode(fields).encode("ascii"), method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                                                  "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status, detail = _kavenegar_status(response.read())
        except urllib.error.HTTPError as error:
            status, detail = _kavenegar_status(error.read(2000), default=error.code)
        except (OSError, ValueError) as error:
            raise DeliveryError(f"Kavenegar unreachable: {error}") from error
        if status != 200:
            kind = PermanentDeliveryError if status in self.PERMANENT else DeliveryError
            raise kind(f"Kavenegar answered {status}: {detail}")

    def close(self) -> None:
        pass


def _kavenegar_status(body: bytes, default: int = 200) -> tuple[int, str]:
    try:
        answer = json.loads(body.decode("utf-8"))["return"]
        return int(answer["status"]), str(answer.get("message", ""))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return (default if default != 200 else 502), body[:300].decode("utf-8", "replace")


BACKENDS = {"console": ConsoleSmsBackend, "file": FileSmsBackend, "http": HttpSmsBackend,
            "kavenegar": KavenegarSmsBackend}


def sms_backend(config):
    """The configured adapter: a name from BACKENDS or "package.module:ClassName"."""
    name = config.get("PORTAL_SMS_BACKEND") or "console"
    if name in BACKENDS:
        return BACKENDS[name](config)
    module_name, _, class_name = name.partition(":")
    try:
        backend_class = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError, ValueError) as error:
        raise DeliveryError(f"unknown SMS backend {name!r}") from error
    return backend_class(config)
