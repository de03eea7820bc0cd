"""Full-text search. The only package that imports Whoosh; the rest of the portal asks it for ids.

analyzer.py  the Persian analyzer (same at index and query time)
schemas.py   the fields of each index
index.py     opening, writing (lock timeout + retry), rebuilding
query.py     search, highlight, "did you mean", more-like-this groups
sync.py      session events that update the index after each commit
"""
from .index import IndexSettings, IndexUnavailable, Source  # noqa: F401
