"""Report pages at 100k tickets (and more) on SQLite and PostgreSQL: p50/p95 server time per report.

    python -m bench.reports                      # 100k tickets on SQLite
    python -m bench.reports --quick              # 10k tickets on SQLite
    python -m bench.reports --sizes 100000,1000000 --database postgresql+psycopg://postgres@127.0.0.1:5432/pishkhan_reports_bench
    python -m bench.reports --sizes 1000000 --reuse --database ...   # measure again on the database seeded last time

Tickets, messages and ratings are bulk-inserted by bench.tickets.seed (executemany in batches of 20-50k);
then a dozen agents share the tickets and first responses, the stored business durations are filled by one
UPDATE each, and NPS answers added. Each report is requested --requests times by a supervisor (every
department) through the Flask test client; the time is the server side (WSGI call to the last byte), and
the SQL statements of one request are counted. Every report is measured twice: straight from the tickets
(PORTAL_REPORT_ROLLUP off) and through the daily rollup (rebuilt first; its build time is printed).
On PostgreSQL the database named in --database is dropped and created afresh unless --reuse.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import case, create_engine, event, insert, text, update
from sqlalchemy.engine import make_url

AGENTS = 12
REPORTS = [
    ("overview", "/admin/reports/?preset=quarter"),
    ("volume, last 3 months per week", "/admin/reports/volume?preset=quarter"),
    ("volume, this year per Jalali month", "/admin/reports/volume?preset=year&period=month"),
    ("volume, 90 days per day", "/admin/reports/volume?preset=quarter&period=day"),
    ("speed, last 3 months", "/admin/reports/speed?preset=quarter"),
    ("speed, this year per month", "/admin/reports/speed?preset=year&period=month"),
    ("satisfaction, last 3 months", "/admin/reports/satisfaction?preset=quarter"),
    ("agents, last 3 months", "/admin/reports/agents?preset=quarter"),
    ("customers, this year", "/admin/reports/customers?preset=year"),
    ("volume CSV, one department", "/admin/reports/volume?preset=year&department={department}&csv=created"),
    ("recurring problems, last 3 months", "/admin/reports/recurring?preset=quarter"),
]


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.reports", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10k tickets only")
    parser.add_argument("--sizes", default="100000", help="comma-separated ticket counts")
    parser.add_argument("--requests", type=int, default=20, help="requests per report")
    parser.add_argument("--database", help="a PostgreSQL URL (the database is recreated); SQLite by default")
    parser.add_argument("--reuse", action="store_true",
                        help="PostgreSQL: keep the database when it already holds the tickets (upgrade it only)")
    parser.add_argument("--modes", default="direct,rollup", help="direct, rollup or both")
    args = parser.parse_args(argv)
    args.sizes = [10000] if args.quick else [int(s) for s in args.sizes.split(",")]
    return args


def fresh_postgres(url: str) -> None:
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def seeded_already(database: str | None, size: int) -> bool:
    if not database:
        return False
    try:
        engine = create_engine(database)
        with engine.connect() as conn:
            found = conn.scalar(text("SELECT count(*) FROM tickets"))
        engine.dispose()
    except Exception:  # noqa: BLE001  no database or no tables yet
        return False
    return found == size


def make_app(workdir: Path, database: str | None, reuse: bool = False):
    from portal import create_app
    from portal.extensions import db

    if database and not reuse:
        fresh_postgres(database)
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": database or f"sqlite:///{workdir / 'bench.sqlite'}",
                      "PORTAL_UPLOAD_DIR": str(workdir / "uploads"), "PORTAL_SEARCH_INDEX_DIR": str(workdir / "index"),
                      "WTF_CSRF_ENABLED": False, "SERVER_NAME": "bench.local"})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()
    return app


def add_report_columns(app, rng: random.Random) -> int:
    """What timing.py stores as tickets are answered and resolved, filled in bulk (wall-clock seconds / 3 stand in
    for business seconds), and a year of NPS answers."""
    from portal.customers.models import NpsResponse
    from portal.extensions import db
    from portal.models_base import utcnow
    from portal.sql_functions import seconds_between
    from portal.tickets.models import Ticket

    from portal.accounts.services import create_staff

    with app.app_context():
        codes = ("technical", "billing", "sales")
        agents = [create_staff(email=f"agent{i}@bench.local", full_name=f"کارشناس {i}", password="x" * 12,
                               role_name="agent", department_codes=[codes[i % 3]]).id for i in range(AGENTS)]
        assert agents == list(range(agents[0], agents[0] + AGENTS)), "agents' ids are expected in one run"
        # the department's agents share its tickets; a few answered tickets stay unassigned
        spread = (Ticket.id / 3).cast(db.Integer) % (AGENTS // 3) * 3 + (Ticket.department_id - 1) % 3 + agents[0]
        db.session.execute(update(Ticket).where(Ticket.first_response_at.is_not(None)).values(
            assignee_id=case((Ticket.id % 10 == 0, None), else_=spread),
            first_responder_id=case((Ticket.id % 7 == 0, agents[0]), else_=spread),
            first_response_business_seconds=(seconds_between(Ticket.first_response_at, Ticket.created_at) / 3)
            .cast(db.Integer)))
        db.session.execute(update(Ticket).where(Ticket.resolved_at.is_not(None)).values(
            resolution_business_seconds=(seconds_between(Ticket.resolved_at, Ticket.created_at) / 3).cast(db.Integer)))
        customers = [row[0] for row in db.session.execute(text("SELECT id FROM customers ORDER BY id LIMIT 5000"))]
        now = utcnow()
        answers = [{"customer_id": rng.choice(customers), "score": rng.randint(0, 10),
                    "at": now - timedelta(minutes=rng.randint(0, 525600))} for _ in range(max(100, len(customers)))]
        db.session.execute(insert(NpsResponse.__table__), answers)
        db.session.commit()
        department = db.session.scalar(text("SELECT min(id) FROM departments"))
        # what autovacuum does after a bulk load: statistics, and the visibility map index-only scans rely on
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE" if db.engine.dialect.name == "postgresql" else "ANALYZE"))
        db.session.remove()
        db.engine.dispose()
    return department


def measure(app, department: int, requests: int):
    from bench.tickets import signed_in
    from portal.extensions import db

    with app.app_context():
        engine = db.engine
    statements = []

    def count(_conn, _cursor, statement, *_):
        if not statement.lstrip().upper().startswith(("PRAGMA", "SAVEPOINT", "RELEASE")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    client = signed_in(app, "supervisor", "supervisor@bench.local")
    results = []
    for label, url in REPORTS:
        url = url.format(department=department)
        response = client.get(url)  # warm-up; on the first report the calendar is already there (migration)
        assert response.status_code == 200, (url, response.status_code)
        statements.clear()
        client.get(url).close()
        queries = len(statements)
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(url).close()
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
        results.append((label, queries, statistics.median(times), p95))
    event.remove(engine, "before_cursor_execute", count)
    return results


def build_rollup(app) -> str:
    from portal.extensions import db
    from portal.reports import rollup

    with app.app_context():
        started = time.perf_counter()
        summary = rollup.rebuild()
        built = time.perf_counter() - started
        started = time.perf_counter()
        refreshed = rollup.refresh()
        again = time.perf_counter() - started
        db.session.remove()
    return f"rollup {summary} in {built:.1f} s; an incremental refresh ({refreshed}) in {again:.2f} s"


def main(argv=None):
    from bench.tickets import seed

    args = parse(sys.argv[1:] if argv is None else argv)
    rng = random.Random(1405)
    engine_name = "PostgreSQL" if args.database else "SQLite"
    table = []
    for size in args.sizes:
        workdir = Path(tempfile.mkdtemp(prefix=f"pishkhan-bench-reports-{size}-"))
        reuse = args.reuse and seeded_already(args.database, size)
        app = make_app(workdir, args.database, reuse)
        if reuse:
            with app.app_context():
                from portal.extensions import db

                department = db.session.scalar(text("SELECT min(id) FROM departments"))
                db.session.remove()
            print(f"reusing {size:,} tickets on {engine_name}")
        else:
            started = time.perf_counter()
            seed(app, size, rng)
            department = add_report_columns(app, rng)
            print(f"seeded {size:,} tickets on {engine_name} in {time.perf_counter() - started:.1f} s", flush=True)
        for mode in args.modes.split(","):
            app.config["PORTAL_REPORT_ROLLUP"] = mode == "rollup"
            if mode == "rollup":
                print(build_rollup(app), flush=True)
            for label, queries, p50, p95 in measure(app, department, args.requests):
                table.append((size, mode, label, queries, p50, p95))
        for path in sorted(workdir.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        workdir.rmdir()

    print(f"\n{engine_name}\n{'tickets':>9}  {'mode':<7} {'report':<38} {'SQL':>4} {'p50 ms':>8} {'p95 ms':>8}")
    for size, mode, label, queries, p50, p95 in table:
        print(f"{size:>9,}  {mode:<7} {label:<38} {queries:>4} {p50:>8.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
