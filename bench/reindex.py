"""Full reindex of the ticket index on Whoosh: seconds and documents per second, and how much of it is the database.

    .venv/bin/python -m bench.reindex                  # 100k tickets
    .venv/bin/python -m bench.reindex --sizes 20000    # other sizes
    .venv/bin/python -m bench.reindex --quick          # 10k tickets

Tickets are bulk-seeded as bench.tickets does (SQLite, migrated schema), then given varied Persian subjects and
message bodies (so the index has a real vocabulary, not one repeated sentence). Measured: the loaders alone
(Source.load over every id, in the batches rebuild uses), then `sync.reindex(app, ["tickets"])`, the
`flask --app portal reindex` path, with PORTAL_SEARCH_REINDEX_PROCS writer processes (environment; default 1).
Wall and CPU seconds are both printed. Prints figures; never passes or fails on time.
"""
from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from bench.search import article
from bench.tickets import make_app, seed


def vary_texts(app, rng: random.Random) -> None:
    """Subjects and message bodies from the synthetic FAQ vocabulary instead of one repeated sentence."""
    from portal.extensions import db

    with app.app_context():
        ids = [row[0] for row in db.session.execute(text("SELECT id FROM tickets"))]
        db.session.execute(text("UPDATE tickets SET subject = :s WHERE id = :i"),
                           [{"s": article(rng)[0], "i": i} for i in ids])
        ids = [row[0] for row in db.session.execute(text("SELECT id FROM ticket_messages"))]
        db.session.execute(text("UPDATE ticket_messages SET body = :b WHERE id = :i"),
                           [{"b": article(rng)[1], "i": i} for i in ids])
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the writer processes): wall time on a busy
    machine says more about the neighbours than about the indexer."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def run(size: int) -> None:
    from portal.search import sync
    from portal.tickets.indexing import SEARCH_SOURCE

    with tempfile.TemporaryDirectory(prefix="pishkhan-reindex-") as tmp:
        app = make_app(Path(tmp))
        started = time.perf_counter()
        seed(app, size, random.Random(1405))
        vary_texts(app, random.Random(1405))
        print(f"\n== {size:,} tickets (seeded in {time.perf_counter() - started:.0f}s) ==")
        with app.app_context():
            ids = list(SEARCH_SOURCE.all_ids())
            started, cpu = time.perf_counter(), _cpu()
            for start in range(0, len(ids), 2000):
                SEARCH_SOURCE.load(ids[start:start + 2000])
            loading, loading_cpu = time.perf_counter() - started, _cpu() - cpu
            print(f"loaders alone:  {loading:6.1f}s  CPU {loading_cpu:6.1f}s  ({len(ids) / loading:,.0f} docs/s)")
            started, cpu = time.perf_counter(), _cpu()
            count = sync.reindex(app, ["tickets"])["tickets"]
            seconds, seconds_cpu = time.perf_counter() - started, _cpu() - cpu
            print(f"full reindex:   {seconds:6.1f}s  CPU {seconds_cpu:6.1f}s  ({count / seconds:,.0f} docs/s, "
                  f"{count:,} documents, writer processes {app.config['PORTAL_SEARCH_REINDEX_PROCS']})")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.reindex", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10k tickets only")
    parser.add_argument("--sizes", default="100000", help="comma-separated ticket counts")
    args = parser.parse_args(argv)
    for size in [10_000] if args.quick else [int(s) for s in args.sizes.split(",")]:
        run(size)


if __name__ == "__main__":
    main()
