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


class SearchLogEntry(db.Model):
    """One search someone made and how many results it found; no person, address or identifier is kept."""

    __tablename__ = "search_log"

    id = db.Column(db.Integer, primary_key=True)
    searched_at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)
    scope = db.Column(db.String(20), nullable=False)  # "faq": the search page and the home box
    query = db.Column(db.String(200), nullable=False)  # normalised, identifiers replaced by "#"
    results = db.Column(db.Integer, nullable=False)


class SynonymGroup(db.Model):
    """Words and phrases that mean the same to a searcher («رمز عبور», «گذرواژه», «پسورد»), comma-separated."""

    __tablename__ = "search_synonyms"

    id = db.Column(db.Integer, primary_key=True)
    words = db.Column(db.Text, nullable=False)
