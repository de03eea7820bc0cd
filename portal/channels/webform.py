"""The public contact form: a stored submission becomes a ticket (channel "webform").

An existing customer (by mobile, then e-mail) gets the ticket on their account; the sender learns the
number on screen and by SMS or e-mail, but reading the ticket still needs signing in.
"""
from __future__ import annotations

import base64
import io
import json

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import FileStorage

from ..tickets import services as tickets
from . import common
from .inbound import Quarantined


def payload_of(*, full_name, mobile, email, subject, body, files) -> bytes:
    """The submission as stored: JSON, attachments base64-encoded (they are already within the limits)."""
    return json.dumps({
        "full_name": full_name, "mobile": mobile, "email": email, "subject": subject, "body": body,
        "attachments": [{"filename": f.filename, "content_type": f.mimetype,
                         "data": base64.b64encode(f.stream.read()).decode("ascii")} for f in files],
    }, ensure_ascii=False).encode("utf-8")


def _data(message) -> dict:
    try:
        return json.loads(message.raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise Quarantined("unreadable", _l("The message could not be read.")) from error


def _files(data):
    return [FileStorage(stream=io.BytesIO(base64.b64decode(a["data"])), filename=a["filename"],
                        content_type=a.get("content_type")) for a in data.get("attachments") or ()]


def _open(data, customer, created_by=None):
    return tickets.open_ticket(customer, subject=data["subject"], body=data["body"], files=_files(data),
                               category=common.intake_category(), channel="webform", created_by=created_by)


def process(message) -> None:
    data = _data(message)
    common.check_sender_rate(message)
    customer = common.find_customer_by(mobile=data.get("mobile"), email=data.get("email"))
    if customer is None:
        # A web form always accepts: the person is in front of the page waiting for a number.
        customer = common.customer_for_sender(policy="accept", full_name=data["full_name"],
                                              mobile=data.get("mobile"), email=data.get("email"))
    _open(data, customer)


def open_new(message, customer, *, created_by=None) -> None:
    _open(_data(message), customer, created_by)
