"""What the benches of one app process share: the statements it runs with their wall time, percentiles, plans."""
from __future__ import annotations

import time

from sqlalchemy import event

UNCOUNTED = ("PRAGMA", "SAVEPOINT", "RELEASE")  # SQLite's settings and the session's savepoints are not the page's SQL


def percentile(values, share: float) -> float:
    """The value `share` (0.95: p95) of the way up the sorted values, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(share * len(ordered))) - 1))]


class StatementClock:
    """The statements an engine runs while the clock is on: (statement, parameters, seconds), client side."""

    def __init__(self, engine):
        self.engine, self.statements = engine, []
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        conn.info["bench_started"] = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(UNCOUNTED):
            self.statements.append((statement, parameters, time.perf_counter() - conn.info.pop("bench_started", 0)))

    def close(self):
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)


def print_plan(engine, statement, parameters, *, short_statements: bool = False):
    """The database's plan of a SELECT, run again: EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite.
    `short_statements`: with JIT and parallel workers off, as the app's search runs its statements."""
    postgres = engine.dialect.name == "postgresql"
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if postgres and short_statements:
            cursor.execute("SET jit = off; SET max_parallel_workers_per_gather = 0")
        cursor.execute(("EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN ") + statement,
                       parameters or ())
        for row in cursor.fetchall():
            print("      " + str(row[0] if postgres else row[-1]))
        raw.rollback()
    finally:
        raw.close()
