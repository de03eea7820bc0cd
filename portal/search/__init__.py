"""Full-text search. The only package that imports Whoosh; the rest of the portal asks it for ids.

backend.py   the one interface callers use, and the choice of backend (PORTAL_SEARCH_BACKEND)
whoosh_backend.py  Whoosh's: an index on local disk, kept current through the queue (one machine)
postgres.py  PostgreSQL's: tsvector + pg_trgm tables written in the change's transaction (many machines)
pg_terms.py  a document as a weighted tsvector literal, query terms as tsquery lexemes (for postgres.py)
text_groups.py  similar-text groups computed in Python (PostgreSQL's "frequently asked" and recurring problems)
analyzer.py  the Persian analyzer (same at index and query time, for both backends)
schemas.py   the fields of each index
index.py     opening, writing (lock timeout + retry), rebuilding
query.py     search, highlight, "did you mean", more-like-this groups
ranking.py   the FAQ's ranked query: coordination, typos by length, compounds, synonyms
synonyms.py  the synonym table staff edit
log.py       the search log (queries and result counts, no personal data)
sync.py      keeping the index current: PostgreSQL's rows before the commit; Whoosh's durable queue,
             applied after commit, retried
models.py    the queue table, PostgreSQL's search tables
results.py   a page of results as the pages show it
check.py     search-check: the database against the index, and the repair
"""
from .index import IndexSettings, IndexUnavailable, Source

__all__ = ["IndexSettings", "IndexUnavailable", "Source"]
