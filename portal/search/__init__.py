"""Full-text search. The only package that imports Whoosh; the rest of the portal asks it for ids.

analyzer.py  the Persian analyzer (same at index and query time)
schemas.py   the fields of each index
index.py     opening, writing (lock timeout + retry), rebuilding
query.py     search, highlight, "did you mean", more-like-this groups
ranking.py   the FAQ's ranked query: coordination, typos by length, compounds, synonyms
synonyms.py  the synonym table staff edit
log.py       the search log (queries and result counts, no personal data)
sync.py      the durable index queue: rows written with each change, applied after commit, retried
models.py    the queue table
results.py   a page of results as the pages show it
check.py     search-check: the database against the index, and the repair
"""
from .index import IndexSettings, IndexUnavailable, Source

__all__ = ["IndexSettings", "IndexUnavailable", "Source"]
