"""The newest documents matching a tsquery, found fast whatever share of the documents matches.

Two ways to find them, each slow where the other is fast:
- reading the newest documents one by one (the primary key backwards) costs about a microsecond a document: quick
  for a word in every tenth ticket, the whole table for a word in none;
- the GIN index hands over every match of the query's words at once: quick for a rare word, but for a common one
  it decodes hundreds of thousands of postings (100 ms for two words found in a quarter of a million tickets).
Which kind a query is nobody knows beforehand, so the newest PROBE_ROWS documents are read one by one. The share
of matches among them says how many more documents must be read for the rest: when that is at most WALK_ROWS,
they are read one by one too; otherwise the matches are rare and the GIN index is asked for those of that id range
(or, with none seen, of every older id).
"""
from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import bindparam, case, cast, false, func, select, true
from sqlalchemy.dialects.postgresql import TSQUERY, aggregate_order_by

from ..extensions import db
from .models import SearchDocument

PROBE_ROWS = 2000  # read one by one first: a millisecond or two
WALK_ROWS = 20_000  # at most this many more read one by one; past that the GIN index is the quicker way
MAX_CHECKS = 5000  # documents holding the words the GIN index may hand over to be checked against the access policy
HEADROOM = 1.25  # read a little more than the share of matches says is needed, so that once is usually enough
# Ids of a range past which the GIN index alone is asked for every older match: telling the primary key's ids of
# the range apart costs about 0.2 microseconds an id (500,000 ids: 70 ms), more than reading the few matches such a
# sparse query has.
WIDE_RANGE = 100_000

# Tables, not mapped classes: a statement of them is built in about half the time (twice or more a search).
_DOCUMENTS = SearchDocument.__table__
_CANDIDATE = _DOCUMENTS.alias("candidate")  # another name: a policy reading search_documents never means this row


class Matches(NamedTuple):
    ids: list[int]  # newest first
    words_seen: bool  # some document read holds the words, whether or not the access policy lets it through


def newest_matches(kind: str, query: str, *, wanted: int, statuses=(), within=None) -> Matches:
    """The newest `wanted` documents of `kind` matching the tsquery `query`, without those whose status is in
    `statuses` and, given `within` (a select of ids: the access policy), any other."""
    params = {"q": query}
    found, edge, examined, words_seen = _walk(kind, statuses, within, params, before=None, rows=PROBE_ROWS)
    while len(found) < wanted and edge is not None:
        density = len(found) / examined
        span = (wanted - len(found)) / density * HEADROOM if density else float("inf")
        holders = words_seen / examined * edge  # of the older documents, about how many hold the words
        if span <= WALK_ROWS or (not density and holders > MAX_CHECKS and examined < WALK_ROWS):
            # (The second case: the words are common, but the documents this person may see among them are not.)
            more, edge, read, words = _walk(kind, statuses, within, params, before=edge,
                                            rows=int(min(span, WALK_ROWS)) + 1)
            examined, words_seen = examined + read, words_seen + words
        elif not density and holders > MAX_CHECKS:
            break  # none this person may see among WALK_ROWS documents holding the words: the rest is too many to check
        else:
            low = max(edge - int(span), 1) if density and span <= WIDE_RANGE else 1
            more = _connection().scalar(_range(kind, statuses, within, whole=low == 1),
                                        {**params, "low": low, "high": edge, "remaining": wanted - len(found)}) or []
            examined, edge = examined + edge - low, (low if low > 1 else None)
        found += more
    return Matches(found[:wanted], bool(found or words_seen))


def _walk(kind, statuses, within, params, *, before, rows):
    """The matches among `rows` documents read newest first from id `before` (not included; None: the newest),
    the oldest id read (None when no older document is left), the number read and how many of those held the
    words (whether or not this person may see them)."""
    found, oldest, read, words = _connection().execute(_walk_statement(kind, statuses, within, before is not None),
                                                       {**params, "before": before, "rows": rows}).one()[:4]
    return sorted(found or [], reverse=True), (oldest if read == rows else None), read, words


def _walk_statement(kind, statuses, within, bounded: bool):
    """One row: the ids that match (an array: one row rather than hundreds to fetch), the oldest id read, the
    number read and the number holding the words."""
    document = _DOCUMENTS.c
    read = (select(document.doc_id, _matches(document).label("matched"))
            .where(document.kind == kind, *_status_filter(statuses, document))
            .order_by(document.doc_id.desc()).limit(bindparam("rows")))
    if bounded:
        read = read.where(document.doc_id < bindparam("before"))
    read = read.subquery("read")
    # The policy looked up only for the documents holding the words (CASE: the planner keeps that order).
    hit = read.c.matched if within is None else case((read.c.matched, _allowed(within, read.c.doc_id)), else_=false())
    found = select(func.array_agg(read.c.doc_id).filter(hit), func.min(read.c.doc_id), func.count(),
                   func.count().filter(read.c.matched))
    return found if bounded else found.add_columns(*_SHORT_STATEMENTS)  # set by the first, for those that follow


def _range(kind, statuses, within, *, whole: bool):
    """The newest :remaining matches with ids from :low up to (not including) :high, from the GIN index, newest
    first in one array. `whole`: every id below :high, the bounds checked on each match rather than found from the
    primary key (whose bitmap the planner may still build for a range of half the table, see WIDE_RANGE)."""
    document = _CANDIDATE.c
    doc_id = document.doc_id + 0 if whole else document.doc_id
    query = (select(document.doc_id)
             .where(document.kind == kind, _matches(document), doc_id >= bindparam("low"),
                    doc_id < bindparam("high"), *_status_filter(statuses, document))
             # doc_id + 0: the rows come from the GIN index, never from walking the primary key (see above)
             .order_by((document.doc_id + 0).desc()).limit(bindparam("remaining")))
    if within is not None:
        query = query.where(_allowed(within, document.doc_id))
    newest = query.subquery("newest")
    return select(func.array_agg(aggregate_order_by(newest.c.doc_id, newest.c.doc_id.desc())))


def _connection():
    """The session's connection (its transaction): a statement run there skips the ORM's handling of results, a
    millisecond of CPU for each statement of a search."""
    return db.session.connection()


def _allowed(within, doc_id):
    """The access policy for one document: its row looked up by primary key, once for each match. (As `IN`, the
    planner may read every row the policy lets through to build a hash table: 20 ms at 100,000 tickets.)"""
    own_id = list(within.selected_columns)[0]
    return within.with_only_columns(true()).where(own_id == doc_id).limit(1).scalar_subquery()


# No JIT compilation and no parallel workers for the rest of this transaction (the request's), set by the first
# statement of a search: those that follow take a few milliseconds, less than compiling them (10-15 ms) or starting
# workers (10-20 ms), but their estimated cost can pass the thresholds of both.
_SHORT_STATEMENTS = (func.set_config("jit", "off", true()),
                     func.set_config("max_parallel_workers_per_gather", "0", true()))


def _matches(document):
    return document.vector.op("@@", is_comparison=True)(cast(bindparam("q"), TSQUERY))


def _status_filter(statuses, document):
    return [document.status.not_in(list(statuses))] if statuses else []
