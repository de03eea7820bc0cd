"""The contact form's service: a submission is stored in the inbound store, then becomes a ticket."""
from __future__ import annotations

from ..persian import normalize_email, normalize_mobile
from ..tickets.services.attachments import chosen_files
from . import inbound, webform


def submit(*, full_name, mobile, email, subject, body, files=()):
    """Store and process one submission; returns the inbound message (its .ticket once processed).
    The same submission sent twice (a double click) is one message and one ticket."""
    mobile, email = normalize_mobile(mobile) if mobile else None, normalize_email(email) if email else None
    raw = webform.payload_of(full_name=" ".join(full_name.split()), mobile=mobile, email=email,
                             subject=subject.strip(), body=body.strip(), files=chosen_files(files))
    message, _is_new = inbound.receive("webform", raw, sender=mobile or email, summary=subject)
    return message
