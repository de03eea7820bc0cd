"""E-mail intake: a stored RFC 5322 message becomes a reply on its ticket or a new ticket.

A reply is appended only when the reply address's token is genuine AND the sender is that ticket's
customer; anything else that claims a ticket is quarantined (never appended, never reopens, never makes
an account). Mail from a program (Auto-Submitted, Precedence bulk/auto_reply/list, null sender) is
recorded but gets no automatic answer, so two robots never write to each other forever.
"""
from __future__ import annotations

import io
import re

from flask import current_app
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from ..extensions import db
from ..notify.mail import ticket_of_reply_address
from ..tickets import services as tickets
from ..tickets.models import Ticket
from ..tickets.services.attachments import UploadRejected, check_files
from . import common
from .inbound import Quarantined
from .mail_parsing import parse

_SUBJECT_NUMBER = re.compile(r"\[#\s*([0-9][0-9-]{3,18})\s*\]")


def summary_of(raw: bytes) -> tuple[str | None, str | None, str]:
    """(Message-ID, sender, subject) for storing; never raises on a malformed message."""
    try:
        mail = parse(raw)
    except Exception:  # noqa: BLE001  (anything at all: it is stored raw and looked at later)
        return None, None, ""
    return mail.message_id, mail.sender, mail.subject


def _files(mail):
    """The attachments within the portal's limits, and a note for each one that is not."""
    kept, notes = [], []
    limit = int(current_app.config["PORTAL_UPLOAD_MAX_FILES"])
    for part in mail.attachments:
        file = FileStorage(stream=io.BytesIO(part.data), filename=part.filename, content_type=part.content_type)
        try:
            if len(kept) >= limit:
                raise UploadRejected(_("Attach at most %(count)s files.", count=limit))
            check_files([file])
        except UploadRejected as error:
            notes.append(_("Attachment not kept: %(reason)s", reason=str(error)))
        else:
            kept.append(file)
    return kept, notes


def _body(mail, notes) -> str:
    text = mail.text.strip() or _("(The e-mail had no text.)")
    return "\n\n".join([text, *notes])


def process(message) -> None:
    mail = parse(message.raw)
    config = current_app.config
    if mail.sender is None:
        raise Quarantined("no_sender", _l("The e-mail has no sender (a bounce or a system message)."))
    common.check_sender_rate(message)
    message.quiet = mail.automatic
    had_address, number = ticket_of_reply_address(config, mail.recipients)
    if had_address:
        _reply(message, mail, number)
        return
    if _SUBJECT_NUMBER.search(mail.subject):
        raise Quarantined("no_token", _l("The e-mail names a ticket but was not sent to its reply address."))
    customer = common.customer_for_sender(policy=config["PORTAL_MAIL_UNKNOWN_SENDERS"],
                                          full_name=mail.sender_name or mail.sender, email=mail.sender)
    _open(mail, customer)


def _reply(message, mail, number) -> None:
    ticket = db_ticket(number) if number else None
    if ticket is None:
        raise Quarantined("bad_token", _l("The reply address does not belong to any ticket."))
    if (ticket.customer.email or "").lower() != mail.sender:
        raise Quarantined("not_ticket_customer", _l("The sender is not the customer of ticket %(number)s.",
                                                    number=ticket.number))
    if ticket.merged_into is not None:
        ticket = ticket.merged_into
    files, notes = _files(mail)
    try:
        tickets.reply(ticket, author=ticket.customer, body=_body(mail, notes), files=files, channel="email")
    except tickets.TicketError as error:
        raise Quarantined("ticket_closed", str(error)) from error


def db_ticket(number):
    return db.session.scalar(select(Ticket).where(Ticket.number == number))


def _open(mail, customer, created_by=None):
    files, notes = _files(mail)
    subject = _SUBJECT_NUMBER.sub("", mail.subject).strip() or common.subject_from(mail.text, _l("E-mail"))
    return tickets.open_ticket(customer, subject=subject, body=_body(mail, notes), files=files,
                               category=common.intake_category(), channel="email", created_by=created_by)


def open_new(message, customer, *, created_by=None) -> None:
    _open(parse(message.raw), customer, created_by)


def receive_raw(raw: bytes):
    """Store one e-mail as it arrived (Message-ID as its id) and process it; (message, is_new)."""
    from .inbound import receive

    message_id, sender, subject = summary_of(raw)
    return receive("email", raw, provider_id=message_id, sender=sender, summary=subject)
