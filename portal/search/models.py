"""The index queue: which documents must be brought up to date, written in the same transaction as the change."""
from ..extensions import db
from ..models_base import utcnow


class IndexQueueEntry(db.Model):
    """One pending index update: document `doc_id` of index `kind`. Removed once the index has it."""

    __tablename__ = "search_queue"

    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(40), nullable=False)
    doc_id = db.Column(db.Integer, nullable=False)
    queued_at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)

    __table_args__ = (db.Index("ix_search_queue_kind_doc_id", "kind", "doc_id"),)
