"""Writing PostgreSQL's search index: documents as weighted tsvectors in search_documents, their words (before
stemming) in search_words; a change in the caller's transaction, a rebuild in one of its own."""
from __future__ import annotations

from sqlalchemy import delete, text

from ..extensions import db
from .index import Source, digest
from .models import SearchDocument, SearchWord
from .pg_terms import document_vector

INSERT_BATCH = 1000


def write(conn, source: Source, ids: list[int]) -> None:
    """The documents of these ids as they are now, in the caller's transaction (rows gone: documents gone)."""
    # Two transactions changing one ticket at once: the second waits here until the first commits, then
    # reads the ticket with the first's change in it (read committed), so neither overwrites the other's.
    conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:kind), doc_id) "
                      "FROM unnest(CAST(:ids AS integer[])) AS doc_id ORDER BY doc_id"),
                 {"kind": source.name, "ids": ids})
    documents = source.load(ids, bind=conn)
    rows, vocabulary = _rows(source.name, documents.items())
    conn.execute(delete(SearchDocument).where(SearchDocument.kind == source.name, SearchDocument.doc_id.in_(ids)))
    _insert(conn, rows)
    _add_words(conn, source.name, vocabulary)


def _rows(kind: str, documents) -> tuple[list[dict], set[str]]:
    rows, vocabulary = [], set()
    for doc_id, fields in documents:
        if fields is None:
            continue
        vector, words = document_vector(kind, fields)
        vocabulary |= words
        rows.append({"kind": kind, "doc_id": doc_id, "vector": vector, "status": fields.get("status") or "",
                     "digest": digest(fields)})
    return rows, vocabulary


def _insert(conn, rows: list[dict]) -> None:
    statement = text("INSERT INTO search_documents (kind, doc_id, vector, status, digest) "
                     "VALUES (:kind, :doc_id, CAST(:vector AS tsvector), :status, :digest) "
                     "ON CONFLICT (kind, doc_id) DO UPDATE SET vector = EXCLUDED.vector, "
                     "status = EXCLUDED.status, digest = EXCLUDED.digest")
    for start in range(0, len(rows), INSERT_BATCH):
        conn.execute(statement, rows[start:start + INSERT_BATCH])


def _add_words(conn, kind: str, words: set[str]) -> None:
    # Sorted, so two transactions adding the same words take their locks in the same order.
    ordered = sorted(words)
    statement = text("INSERT INTO search_words (kind, word) SELECT :kind, unnest(CAST(:words AS text[])) "
                     "ON CONFLICT DO NOTHING")
    for start in range(0, len(ordered), 5000):
        conn.execute(statement, {"kind": kind, "words": ordered[start:start + 5000]})


def rebuild(source: Source, *, batch_size: int = 2000) -> int:
    """Every document again, in one transaction: searches see the old rows until the new ones are in."""
    count = 0
    with db.engine.begin() as conn:
        conn.execute(delete(SearchDocument).where(SearchDocument.kind == source.name))
        conn.execute(delete(SearchWord).where(SearchWord.kind == source.name))
        vocabulary: set[str] = set()
        ids = list(source.all_ids())
        for start in range(0, len(ids), batch_size):
            batch = ids[start:start + batch_size]
            rows, words = _rows(source.name, source.load(batch, bind=conn).items())
            vocabulary |= words
            _insert(conn, rows)
            count += len(rows)
        _add_words(conn, source.name, vocabulary)
        # The rows still waiting in the GIN index's pending list go in now, not at some search's expense.
        conn.execute(text("SELECT gin_clean_pending_list('ix_search_documents_vector'::regclass)"))
    with db.engine.begin() as conn:  # the planner's figures for the new rows: right plans from the first search
        conn.execute(text("ANALYZE search_documents"))
        conn.execute(text("ANALYZE search_words"))
    return count
