"""Reading an RFC 5322 message: sender, subject, the new text (quoted history and signature trimmed),
attachments, and whether a program rather than a person sent it."""
from __future__ import annotations

import email
import email.policy
import html as html_lib
import re
from dataclasses import dataclass, field
from email.utils import getaddresses, parseaddr

import nh3
from mailparser_reply import EmailReplyParser

from ..persian import normalize_email

# A Persian mail client's quote header: "در تاریخ ... <someone@example.ir> نوشت:" (Gmail),
# and Outlook's header block "از: ...  ارسال: ..." / "From: ... Sent: ...".
_FA_QUOTE_HEADER = re.compile(r"^[^\n]{0,300}نوشت\s*:\s*$", re.MULTILINE)
_OUTLOOK_BLOCK = re.compile(r"^(?:از|From)\s*:[^\n]*\n(?:[^\n]*\n){0,2}?(?:ارسال(?: شده)?|تاریخ|Sent|Date)\s*:",
                            re.MULTILINE)
_ORIGINAL_MESSAGE = re.compile(r"^-{2,}\s*(?:Original Message|پیام اصلی)\s*-{2,}\s*$", re.MULTILINE | re.IGNORECASE)
_QUOTED_LINES = re.compile(r"(?:^>[^\n]*(?:\n|$))+\s*\Z", re.MULTILINE)
_BLOCK_END = re.compile(r"(?i)<br\s*/?>|</(?:p|div|li|tr|h[1-6]|table|blockquote)\s*>")
_DROPPED_HTML = re.compile(r"(?is)<(script|style|head|title)\b.*?</\1\s*>")
_HTML_QUOTE = re.compile(r'(?is)<blockquote\b[^>]*>.*</blockquote\s*>|<div[^>]+class="[^"]*gmail_quote[^"]*".*\Z')
_AUTO_PRECEDENCE = {"bulk", "auto_reply", "list", "junk"}


@dataclass
class MailPart:
    filename: str
    content_type: str
    data: bytes


@dataclass
class ParsedMail:
    message_id: str | None
    sender: str | None  # lower-case address; None for a null sender (bounces)
    sender_name: str
    subject: str
    text: str
    recipients: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    automatic: bool = False
    attachments: list[MailPart] = field(default_factory=list)


def parse(raw: bytes) -> ParsedMail:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    name, address = parseaddr(_header(message, "From"))
    return_path = _header(message, "Return-Path").strip()
    sender = normalize_email(address) if address and return_path != "<>" else None
    body_part = message.get_body(preferencelist=("plain", "html"))
    text = ""
    if body_part is not None:
        content = _text_of(body_part)
        text = html_to_text(content) if body_part.get_content_subtype() == "html" else content
    return ParsedMail(
        message_id=(_header(message, "Message-ID").strip() or None),
        sender=sender,
        sender_name=" ".join(name.split()),
        subject=" ".join(_header(message, "Subject").split()),
        text=trim_reply(text),
        recipients=[normalize_email(a) or a for _n, a in getaddresses(
            [_header(message, h) for h in ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")]) if a],
        references=(_header(message, "In-Reply-To") + " " + _header(message, "References")).split(),
        automatic=is_automatic(message, sender),
        attachments=list(_attachments(message, body_part)),
    )


def is_automatic(message, sender) -> bool:
    """Auto-Submitted (other than "no"), Precedence bulk/auto_reply/list, or a null sender: never answered."""
    auto = _header(message, "Auto-Submitted").strip().lower()
    precedence = _header(message, "Precedence").strip().lower()
    return sender is None or (auto not in ("", "no")) or precedence in _AUTO_PRECEDENCE


def _header(message, name) -> str:
    try:
        value = message.get(name)
    except (ValueError, IndexError, LookupError):  # a header the policy cannot parse: read it raw
        value = message.get_all(name, [""])[0] if hasattr(message, "get_all") else ""
    return str(value or "")


def _text_of(part) -> str:
    """The part's text in its declared charset; a charset Python does not know is read as UTF-8, with
    windows-1256 as the fallback for the Persian mail that most often mislabels itself."""
    payload = part.get_payload(decode=True) or b""
    charset = (part.get_content_charset() or "utf-8").lower()
    for candidate in (charset, "utf-8", "windows-1256"):
        try:
            return payload.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("utf-8", "replace")


def _attachments(message, body_part):
    """Every leaf part that is not the text we read: attachments and inline images."""
    for part in message.walk():
        if part.is_multipart() or part is body_part:
            continue
        filename = part.get_filename()
        if not filename and part.get_content_maintype() == "text" and part.get_content_disposition() != "attachment":
            continue  # the other alternative of the body (HTML beside plain text)
        data = part.get_payload(decode=True) or b""
        if not filename:
            extension = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif"}.get(part.get_content_type(), "bin")
            filename = f"inline.{extension}"
        yield MailPart(filename=filename, content_type=part.get_content_type(), data=data)


def html_to_text(html: str) -> str:
    """Sanitised text of an HTML body: scripts and styles dropped, quoted history dropped, blocks as lines."""
    html = _DROPPED_HTML.sub("", html)
    html = _HTML_QUOTE.sub("", html)
    html = _BLOCK_END.sub("\n", html)
    text = html_lib.unescape(nh3.clean(html, tags=set()))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def trim_reply(text: str) -> str:
    """The new part of a reply: quoted history (Persian and English clients) and the signature removed."""
    text = (text or "").replace("\r\n", "\n").strip()
    for pattern in (_FA_QUOTE_HEADER, _OUTLOOK_BLOCK, _ORIGINAL_MESSAGE):
        match = pattern.search(text)
        if match and match.start() > 0:
            text = text[:match.start()]
    text = _QUOTED_LINES.sub("", text.strip() + "\n")
    latest = EmailReplyParser(languages=["en"]).parse_reply(text)
    return (latest if latest and latest.strip() else text).strip()
