"""E-mail over SMTP: building the MIME message and sending it over one reused connection."""
import base64
import hashlib
import hmac
import re
import smtplib
import ssl
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import formatdate, parseaddr

from .errors import DeliveryError, PermanentDeliveryError


def sender_address(config) -> str:
    """PORTAL_MAIL_FROM as given, or a bare address dressed with the company name."""
    configured = config["PORTAL_MAIL_FROM"]
    display_name, addr = parseaddr(configured)
    if display_name or not addr:
        return configured
    local, _, domain = addr.partition("@")
    return str(Address(display_name=config["PORTAL_COMPANY_NAME"], username=local, domain=domain))


def reply_token(config, ticket_number: str) -> str:
    """<ticket number>.<16 characters of HMAC>: names the ticket, and cannot be made up without the secret
    (PORTAL_MAIL_TOKEN_SECRET, else the SECRET_KEY)."""
    secret = (config.get("PORTAL_MAIL_TOKEN_SECRET") or config["SECRET_KEY"]).encode("utf-8")
    mac = hmac.new(secret, b"pishkhan-reply:" + ticket_number.encode("utf-8"), hashlib.sha256).digest()
    return f"{ticket_number}.{base64.b32encode(mac[:10]).decode('ascii').lower()}"


def reply_address(config, ticket_number: str) -> str | None:
    """PORTAL_MAIL_REPLY_ADDRESS with {token} filled in, e.g. support+t.05-7517029.abcd...@example.ir."""
    template = config.get("PORTAL_MAIL_REPLY_ADDRESS")
    return template.format(token=reply_token(config, ticket_number)) if template else None


def ticket_of_reply_address(config, addresses) -> tuple[bool, str | None]:
    """(a reply address was there, the ticket number when its token is genuine) for the first of `addresses`
    that has the shape of PORTAL_MAIL_REPLY_ADDRESS."""
    template = config.get("PORTAL_MAIL_REPLY_ADDRESS")
    if not template or "{token}" not in template:
        return False, None
    before, _, after = template.partition("{token}")
    shape = re.compile(re.escape(before) + r"([0-9a-z.\-]{1,80})" + re.escape(after), re.IGNORECASE)
    for address in addresses:
        match = shape.fullmatch((address or "").strip())
        if match:
            token = match.group(1).lower()
            number = token.rpartition(".")[0]
            genuine = bool(number) and hmac.compare_digest(reply_token(config, number), token)
            return True, number if genuine else None
    return False, None


def thread_id(ticket_number: str, domain: str) -> str:
    """The Message-ID every e-mail about a ticket refers to, so mail clients show one conversation."""
    return f"<ticket-{ticket_number}@{domain}>"


def build_email(message, mail_from: str, config=None) -> EmailMessage:
    """multipart/alternative (text first, HTML preferred), UTF-8, subject encoded per RFC 2047 by the policy.

    The Message-ID is derived from the outbox row, so a retry that reaches the recipient twice is one message.
    A message about a ticket refers to the ticket's thread (In-Reply-To, References) and, when
    PORTAL_MAIL_REPLY_ADDRESS is set, carries the ticket's reply address in Reply-To.
    """
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "localhost"
    email = EmailMessage(policy=SMTP_POLICY)
    email["Subject"] = message.subject or ""
    email["From"] = mail_from
    email["To"] = message.to_address
    email["Date"] = formatdate(usegmt=True)
    email["Message-ID"] = f"<outbox-{message.id}.{message.created_at:%Y%m%d%H%M%S}@{domain}>"
    email["Auto-Submitted"] = "auto-generated"
    number = getattr(message, "ticket_number", None)
    if number:
        email["In-Reply-To"] = thread_id(number, domain)
        email["References"] = thread_id(number, domain)
        address = reply_address(config or {}, number) if config is not None else None
        if address:
            email["Reply-To"] = address
    email.set_content(message.body_text, charset="utf-8")
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html", charset="utf-8")
    return email


class SmtpSender:
    """Keeps one SMTP connection for a delivery pass; reconnects once when a kept connection has gone stale."""

    def __init__(self, config):
        self.host = config["PORTAL_SMTP_HOST"]
        self.port = int(config["PORTAL_SMTP_PORT"])
        self.username = config["PORTAL_SMTP_USERNAME"]
        self.password = config["PORTAL_SMTP_PASSWORD"]
        self.starttls = bool(config["PORTAL_SMTP_STARTTLS"])
        self.implicit_tls = bool(config["PORTAL_SMTP_SSL"])
        self.timeout = float(config["PORTAL_SMTP_TIMEOUT"])
        self.mail_from = sender_address(config)
        self.config = config
        self._smtp = None

    def send(self, message) -> None:
        email = build_email(message, self.mail_from, self.config)
        reused = self._smtp is not None
        try:
            self._connection().send_message(email)
        except smtplib.SMTPServerDisconnected:
            self.close()
            if not reused:
                raise DeliveryError("the SMTP server closed the connection")
            self._resend(email)
        except smtplib.SMTPRecipientsRefused as error:
            code, reply = next(iter(error.recipients.values()))
            raise _by_code(code, f"recipient refused: {code} {_text(reply)}") from error
        except smtplib.SMTPDataError as error:  # the server refused this message's content
            self.close()
            raise _by_code(error.smtp_code, f"{error.smtp_code} {_text(error.smtp_error)}") from error
        except (OSError, smtplib.SMTPException) as error:  # connection, greeting, login, our sender: retry later
            self.close()
            raise DeliveryError(f"{type(error).__name__}: {error}") from error

    def _resend(self, email):
        try:
            self._connection().send_message(email)
        except (OSError, smtplib.SMTPException) as error:
            self.close()
            raise DeliveryError(f"{type(error).__name__}: {error}") from error

    def _connection(self):
        if self._smtp is None:
            if self.implicit_tls:
                smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout,
                                        context=ssl.create_default_context())
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
            if self.username:
                smtp.login(self.username, self.password or "")
            self._smtp = smtp
        return self._smtp

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


def _by_code(code, text):
    """5xx replies are permanent (the address or the message is refused); 4xx are worth another try."""
    return PermanentDeliveryError(text) if 500 <= int(code) < 600 else DeliveryError(text)


def _text(reply) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
