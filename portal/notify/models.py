"""The outbox: one row per message to send, written in the same transaction as the change that caused it."""
from ..extensions import db
from ..models_base import utcnow

OUTBOX_STATUSES = ("pending", "sent", "dead")  # dead: gave up after the last retry; kept for an admin to see


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    id = db.Column(db.Integer, primary_key=True)
    channel = db.Column(db.String(10), nullable=False)  # email, sms
    template = db.Column(db.String(80), nullable=False)
    recipient_kind = db.Column(db.String(10))  # customer, staff
    recipient_id = db.Column(db.Integer)
    to_address = db.Column(db.String(254), nullable=False)  # e-mail address or canonical mobile
    subject = db.Column(db.String(255))
    body_text = db.Column(db.Text, nullable=False)
    body_html = db.Column(db.Text)
    status = db.Column(db.String(10), nullable=False, default="pending")
    attempts = db.Column(db.Integer, nullable=False, default=0)
    next_attempt_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    last_error = db.Column(db.Text)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    sent_at = db.Column(db.DateTime)
    ticket_number = db.Column(db.String(20))  # the ticket an e-mail is about: threading and the reply address

    # due messages for the worker; each status newest first (and counted up to a bound) for /admin/outbox
    __table_args__ = (db.Index("ix_outbox_due", "status", "next_attempt_at"),
                      db.Index("ix_outbox_status_created", "status", "created_at", "id"))
