"""The index queue: which documents must be brought up to date, written in the same transaction as the change."""
from sqlalchemy.dialects.postgresql import TSVECTOR

from ..extensions import db
from ..models_base import utcnow


class IndexQueueEntry(db.Model):
    """One pending index update: document `doc_id` of index `kind`. Removed once the index has it."""

    __tablename__ = "search_queue"

    id = db.Column(db.Integer, primary_key=True)
    kind = db.Column(db.String(40), nullable=False)
    doc_id = db.Column(db.Integer, nullable=False)
    queued_at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)

    # AUTOINCREMENT: SQLite would give a new row the id of the newest row deleted, and a process deleting the rows it
    # applied would delete by that id a change queued since, never applied (sync.apply_queue; 0025).
    __table_args__ = (db.Index("ix_search_queue_kind_doc_id", "kind", "doc_id"), {"sqlite_autoincrement": True})


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


class SearchDocument(db.Model):
    """One document as the PostgreSQL backend indexes it: a weighted tsvector of its analysed words
    (written in the same transaction as the change), the status searches filter on, and the digest
    search-check compares. Unused on SQLite, where Whoosh is the backend."""

    __tablename__ = "search_documents"

    kind = db.Column(db.String(40), primary_key=True)
    doc_id = db.Column(db.Integer, primary_key=True, autoincrement=False)
    vector = db.Column(db.Text().with_variant(TSVECTOR(), "postgresql"), nullable=False)
    status = db.Column(db.String(20), nullable=False, default="")
    digest = db.Column(db.String(40), nullable=False)

    # A short pending list (256 kB): changes still go in by batches, and a search reads little of them (0024).
    __table_args__ = (db.Index("ix_search_documents_vector", "vector", postgresql_using="gin",
                               postgresql_with={"gin_pending_list_limit": 256}),)


class SearchWord(db.Model):
    """The words (normalised, not stemmed) documents of a kind have held: where typos and "did you mean"
    look for neighbours (pg_trgm). Only grows between rebuilds; a neighbour is always checked against the
    documents, so a word no document has any more finds nothing. Identifiers are never here."""

    __tablename__ = "search_words"

    kind = db.Column(db.String(40), primary_key=True)
    word = db.Column(db.String(100), primary_key=True)

    __table_args__ = (db.Index("ix_search_words_word_trgm", "word", postgresql_using="gin",
                               postgresql_ops={"word": "gin_trgm_ops"}),)


# The trigram index needs pg_trgm: created with the table when the schema is built without migrations.
db.event.listen(SearchWord.__table__, "before_create",
                db.DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"))
