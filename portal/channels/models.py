"""The inbound store: every message received from outside, kept raw before anything is done with it."""
from ..extensions import db
from ..models_base import utcnow

CHANNELS = ("email", "sms", "webform")
# received: stored, not yet processed (or the process died); processed: became a ticket or a reply;
# quarantined: refused on purpose (an admin decides); failed: an error (kept, retried by reprocess-inbound);
# held: a sender writing too often; discarded: an admin threw it away.
STATUSES = ("received", "processed", "quarantined", "failed", "held", "discarded")
ATTENTION_STATUSES = ("quarantined", "failed", "held", "received")


class InboundMessage(db.Model):
    __tablename__ = "inbound_messages"
    id = db.Column(db.Integer, primary_key=True)
    channel = db.Column(db.String(10), nullable=False)
    # The provider's message id or the e-mail Message-ID; a digest of the raw bytes when there is none.
    provider_id = db.Column(db.String(255), nullable=False)
    sender = db.Column(db.String(254))  # e-mail address or canonical mobile, as far as it could be read
    summary = db.Column(db.String(200))  # the subject or the first words, for the admin list
    raw = db.Column(db.LargeBinary, nullable=False)  # exactly what arrived (RFC 5322 bytes, JSON payload)
    status = db.Column(db.String(12), nullable=False, default="received")
    reason = db.Column(db.String(40))  # why quarantined or held, as a code (labels in channels/labels.py)
    error = db.Column(db.Text)
    attempts = db.Column(db.Integer, nullable=False, default=0)
    received_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    processed_at = db.Column(db.DateTime)
    ticket_id = db.Column(db.Integer, db.ForeignKey("tickets.id", ondelete="SET NULL"))
    customer_id = db.Column(db.Integer, db.ForeignKey("customers.id", ondelete="SET NULL"))

    ticket = db.relationship("Ticket")
    customer = db.relationship("Customer")

    __table_args__ = (
        db.UniqueConstraint("channel", "provider_id", name="uq_inbound_messages_channel_provider_id"),
        db.Index("ix_inbound_status_received", "status", "received_at"),
        db.Index("ix_inbound_sender_received", "channel", "sender", "received_at"),
    )

    def __repr__(self):
        return f"<InboundMessage {self.id} {self.channel} {self.status}>"
