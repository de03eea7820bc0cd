"""Staff ticket search alone on a big database: p50/p95 of the search function per query and person, its SQL.

    .venv/bin/python -m bench.seed_big --database postgresql+psycopg://postgres@127.0.0.1:5432/pishkhan_big
    PORTAL_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/pishkhan_big PORTAL_SEARCH_BACKEND=postgres \
        .venv/bin/flask --app portal reindex
    .venv/bin/python -m bench.ticket_search --database postgresql+psycopg://postgres@127.0.0.1:5432/pishkhan_big

`tickets.search.search_tickets` (what the staff search page calls: the matching ids within the access policy,
then a page of 20 rows with highlighted subjects and openings) for each query as the agent of one department and
as the supervisor who sees every department. The queries run in turns, one of each then the next round, so that a
busy moment of the machine falls on every query alike. Per query: the median and p95 wall time, the median CPU
time of this process (Python) and the median number and time of its SQL statements; then p50/p95 over all the
searches of each person. --plans prints the slowest statement of each query with PostgreSQL's plan.
Figures only: nothing passes or fails.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.measuring import StatementClock, percentile, print_plan
from bench.seed_big import BENCH_MOBILE, bench_app

NEEDS_SEEDED_DATABASE = True  # `python -m bench` leaves it out
QUERIES = (
    ("a common word", "مودم"),
    ("a word and a typo", "مودم خاموس"),
    ("two words in 1 ticket of 28", "قطعی اینترنت"),
    ("a word in 1 ticket of 9", "اینترنت"),
    ("two common words rarely together", "صورتحساب پرداخت"),
    ("a word in no ticket", "کهکشان"),
    ("a customer's mobile", "{mobile}"),  # the customer of the newest ticket (not the bench customer): a sparse match
)
PEOPLE = {"agent": "agent@bench.local", "supervisor": "supervisor@bench.local"}


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.ticket_search", description=__doc__.split("\n")[0])
    parser.add_argument("--database", required=True, help="a database seeded by bench.seed_big and indexed")
    parser.add_argument("--rounds", type=int, default=20, help="searches of each query by each person")
    parser.add_argument("--plans", action="store_true", help="the plan of each query's slowest statement")
    return parser.parse_args(argv)


def measure(app, rounds: int, mobile: str):
    """{(person, label): [(wall ms, cpu ms, statements, sql ms, slowest statement)]}"""
    from portal.accounts.models import StaffUser
    from portal.extensions import db
    from portal.tickets.search import search_tickets

    runs: dict[tuple[str, str], list] = {}
    with app.test_request_context():
        people = {who: db.session.scalar(db.select(StaffUser.id).filter_by(email=email))
                  for who, email in PEOPLE.items()}
        clock = StatementClock(db.engine)
        try:
            for round_ in range(rounds + 1):  # the first round warms caches and connections up, and is not counted
                for who, person_id in people.items():
                    for label, query in QUERIES:
                        query = query.format(mobile=mobile)
                        person = db.session.get(StaffUser, person_id)  # as a request loads the signed-in person
                        clock.statements.clear()
                        started, started_cpu = time.perf_counter(), time.process_time()
                        search_tickets(person, query)
                        wall, cpu = time.perf_counter() - started, time.process_time() - started_cpu
                        db.session.remove()  # the request's transaction and session end
                        if round_:
                            slowest = max(clock.statements, key=lambda s: s[2], default=None)
                            runs.setdefault((who, label), []).append(
                                (wall * 1000, cpu * 1000, len(clock.statements),
                                 sum(s for *_, s in clock.statements) * 1000, slowest))
        finally:
            clock.close()
    return runs


def main(argv=None):
    from sqlalchemy import text

    from portal.extensions import db

    args = parse(sys.argv[1:] if argv is None else argv)
    app = bench_app(args.database, Path(tempfile.mkdtemp(prefix="pishkhan-ticket-search-")))
    with app.app_context():
        tickets = db.session.scalar(text("SELECT count(*) FROM tickets"))
        mobile = db.session.scalar(text("SELECT c.mobile FROM tickets t JOIN customers c ON c.id = t.customer_id "
                                        "WHERE c.mobile <> :bench ORDER BY t.id DESC LIMIT 1"), {"bench": BENCH_MOBILE})
        engine = db.engine
    print(f"{engine.dialect.name}: {tickets:,} tickets; {args.rounds} searches of each query by each person, in turns")
    runs = measure(app, args.rounds, mobile)
    print(f"\n{'person':<11} {'query':<34} {'p50 ms':>7} {'p95 ms':>7} {'CPU ms':>7} {'SQL':>4} {'SQL ms':>7}")
    for (who, label), rows in runs.items():
        walls = [r[0] for r in rows]
        print(f"{who:<11} {label:<34} {statistics.median(walls):>7.1f} {percentile(walls, 0.95):>7.1f} "
              f"{statistics.median(r[1] for r in rows):>7.1f} {statistics.median(r[2] for r in rows):>4.0f} "
              f"{statistics.median(r[3] for r in rows):>7.1f}")
    for who in PEOPLE:
        walls = [r[0] for (person, _), rows in runs.items() if person == who for r in rows]
        print(f"{who}: every search, p50 {statistics.median(walls):.1f} ms, p95 {percentile(walls, 0.95):.1f} ms "
              f"({len(walls)} searches)")
    if args.plans and engine.dialect.name == "postgresql":
        for (who, label), rows in runs.items():
            statement, parameters, seconds = max((r[4] for r in rows if r[4]), key=lambda s: s[2])
            print(f"\n-- {who}, {label}: slowest statement, {seconds * 1000:.1f} ms\n   "
                  + " ".join(statement.split())[:400])
            if statement.lstrip().upper().startswith("SELECT"):
                with app.app_context():
                    print_plan(db.engine, statement, parameters, short_statements=True)


if __name__ == "__main__":
    main()
