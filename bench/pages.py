"""Key pages on a big database: SQL statements and p50/p95 server time per page, for customers and staff.

    # once: 1M tickets on PostgreSQL, 100k on SQLite (bench.seed_big; minutes)
    .venv/bin/python -m bench.seed_big --database postgresql+psycopg://postgres@127.0.0.1:5432/pishkhan_big
    .venv/bin/python -m bench.seed_big --database sqlite:////var/tmp/pishkhan-100k.sqlite --tickets 100000
    # then, as often as needed (the database is only read, apart from the audit rows pages write)
    .venv/bin/python -m bench.pages --database postgresql+psycopg://postgres@127.0.0.1:5432/pishkhan_big
    .venv/bin/python -m bench.pages --database sqlite:////var/tmp/pishkhan-100k.sqlite --plans

Each page is requested through the Flask test client by the seeded people (the bench customer with many
tickets and a typical one with a few; an agent of one department; a supervisor who sees every department;
the admin for the outbox), once to warm up, once counting statements, then --requests times for the
time (the WSGI call to the last byte, in this process: no network, no gunicorn) and this process's CPU time
per request (what the page costs in Python, apart from waiting for the database or for a busy machine). --plans prints, for every
page whose p95 is over 100 ms, its three slowest statements with the database's plan (EXPLAIN ANALYZE on
PostgreSQL, EXPLAIN QUERY PLAN on SQLite). Figures only: nothing passes or fails.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from bench.measuring import StatementClock, percentile, print_plan
from bench.seed_big import BENCH_MOBILE, PASSWORD, bench_app

NEEDS_SEEDED_DATABASE = True  # `python -m bench` leaves it out
PAGES = [
    ("customer: home", "customer", "/"),
    ("customer: my tickets", "customer", "/tickets/"),
    ("customer: my tickets (typical customer)", "typical", "/tickets/"),
    ("customer: a ticket", "customer", "/tickets/{customer_ticket}"),
    ("customer: FAQ", "customer", "/faq/"),
    ("agent: queue (his department)", "agent", "/admin/tickets/"),
    ("agent: queue, mine + overdue", "agent", "/admin/tickets/?assignee=me&overdue=1"),
    ("agent: a ticket", "agent", "/admin/tickets/{agent_ticket}"),
    ("agent: customer profile (60 tickets)", "agent", "/admin/customers/{customer_id}"),
    ("agent: customer profile (typical)", "agent", "/admin/customers/{typical_id}"),
    ("agent: dashboard", "agent", "/admin/"),
    ("supervisor: queue (all departments)", "supervisor", "/admin/tickets/"),
    ("supervisor: all statuses, by activity", "supervisor", "/admin/tickets/?status=all&sort=activity"),
    ("supervisor: dashboard", "supervisor", "/admin/"),
    ("supervisor: reports overview (quarter)", "supervisor", "/admin/reports/?preset=quarter"),
    ("supervisor: report volume (quarter)", "supervisor", "/admin/reports/volume?preset=quarter"),
    ("supervisor: report speed (quarter)", "supervisor", "/admin/reports/speed?preset=quarter"),
    ("supervisor: report speed (this year)", "supervisor", "/admin/reports/speed?preset=year"),
    ("supervisor: report satisfaction (quarter)", "supervisor", "/admin/reports/satisfaction?preset=quarter"),
    ("supervisor: report agents (quarter)", "supervisor", "/admin/reports/agents?preset=quarter"),
    ("supervisor: report customers (quarter)", "supervisor", "/admin/reports/customers?preset=quarter"),
    ("supervisor: report recurring (quarter)", "supervisor", "/admin/reports/recurring?preset=quarter"),
    ("agent: ticket search (his department)", "agent", "/admin/search?q=مودم"),
    ("agent: ticket search, a typo", "agent", "/admin/search?q=مودم+خاموس"),
    ("supervisor: ticket search (all departments)", "supervisor", "/admin/search?q=قطعی+اینترنت"),
    ("agent: ticket search, two words in 1 ticket of 28", "agent", "/admin/search?q=قطعی+اینترنت"),
    ("agent: ticket search, a word in 1 ticket of 9", "agent", "/admin/search?q=اینترنت"),
    ("agent: ticket search, words only other departments have", "agent", "/admin/search?q=صورتحساب+پرداخت"),
    ("agent: ticket search, a word in no ticket", "agent", "/admin/search?q=کهکشان"),
    ("supervisor: ticket search, a customer's mobile", "supervisor", "/admin/search?q={typical_login}"),
    ("admin: outbox", "admin", "/admin/outbox/"),
    ("admin: outbox, sent", "admin", "/admin/outbox/?status=sent"),
]
LOGINS = {"agent": "agent@bench.local", "supervisor": "supervisor@bench.local", "admin": "admin@bench.local"}
GOAL_MS = 100


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.pages", description=__doc__.split("\n")[0])
    parser.add_argument("--database", required=True, help="a database seeded by bench.seed_big")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    parser.add_argument("--plans", action="store_true", help="plans of the slowest statements of slow pages")
    parser.add_argument("--only", help="measure only pages whose label contains this")
    return parser.parse_args(argv)


def sample(app) -> dict:
    """The people and records the pages name, found in the seeded data."""
    from portal.extensions import db

    with app.app_context():
        one = lambda sql, **p: db.session.scalar(text(sql), p)  # noqa: E731
        customer_id = one("SELECT id FROM customers WHERE mobile = :m", m=BENCH_MOBILE)
        typical_id = one("SELECT customer_id FROM tickets WHERE customer_id <> :c ORDER BY id DESC LIMIT 1",
                         c=customer_id)
        technical = one("SELECT id FROM departments WHERE code = 'technical'")
        found = {
            "customer_id": customer_id, "typical_id": typical_id,
            "typical_login": one("SELECT mobile FROM customers WHERE id = :c", c=typical_id),
            "customer_ticket": one("SELECT number FROM tickets WHERE customer_id = :c AND first_response_at IS NOT NULL "
                                   "ORDER BY last_activity_at DESC LIMIT 1", c=customer_id),
            "agent_ticket": one("SELECT number FROM tickets WHERE department_id = :d AND status = 'open' "
                                "ORDER BY id DESC LIMIT 1", d=technical),
            "tickets": one("SELECT count(*) FROM tickets"), "messages": one("SELECT count(*) FROM ticket_messages"),
        }
        db.session.remove()
    return found


def signed_in(app, who: str, login: str):
    client = app.test_client()
    staff = who in LOGINS
    response = client.post("/admin/login" if staff else "/auth/login", data={"identifier": login, "password": PASSWORD})
    if response.status_code != 302:
        raise SystemExit(f"{who} ({login}) could not sign in: {response.status_code}")
    return client


def measure(app, found: dict, requests: int, plans: bool, only: str | None):
    from portal.extensions import db

    with app.app_context():
        engine = db.engine
    clock = StatementClock(engine)
    statements = clock.statements
    logins = {**LOGINS, "customer": BENCH_MOBILE, "typical": found["typical_login"]}
    clients = {}
    results = []
    for label, who, url in PAGES:
        if only and only not in label:
            continue
        if who not in clients:
            clients[who] = signed_in(app, who, logins[who])
        client, url = clients[who], url.format(**found)
        client.get(url).close()  # warm-up: templates, the first connection, caches
        statements.clear()
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{label}: {url} answered {response.status_code}")
        counted = list(statements)
        times, cpu = [], []
        for _ in range(requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(url).close()
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        sql_ms = sum(s for *_, s in counted) * 1000
        results.append((label, url, len(counted), statistics.median(times), percentile(times, 0.95), sql_ms,
                        statistics.median(cpu)))
        if plans and percentile(times, 0.95) > GOAL_MS:
            print_plans(engine, label, counted)
    clock.close()
    return results


def print_plans(engine, label, counted):
    print(f"\n-- {label}: slowest statements")
    for statement, parameters, seconds in sorted(counted, key=lambda s: -s[2])[:3]:
        print(f"   {seconds * 1000:7.1f} ms  " + " ".join(statement.split())[:300])
        if statement.lstrip().upper().startswith("SELECT"):
            print_plan(engine, statement, parameters)


def main(argv=None):
    from sqlalchemy.engine import make_url

    args = parse(sys.argv[1:] if argv is None else argv)
    workdir = Path(tempfile.mkdtemp(prefix="pishkhan-pages-"))
    app = bench_app(args.database, workdir)
    found = sample(app)
    backend = make_url(args.database).get_backend_name()
    print(f"{backend}: {found['tickets']:,} tickets, {found['messages']:,} messages; {args.requests} requests a page")
    results = measure(app, found, args.requests, args.plans, args.only)
    print(f"\n{'page':<42} {'SQL':>4} {'SQL ms':>7} {'CPU ms':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for label, _url, count, p50, p95, sql_ms, cpu_ms in results:
        mark = "" if p95 < GOAL_MS else "  over 100 ms"
        print(f"{label:<42} {count:>4} {sql_ms:>7.1f} {cpu_ms:>7.1f} {p50:>8.1f} {p95:>8.1f}{mark}")
    print("SQL: statements of one request; SQL ms: their wall time in that request (client side); CPU ms: median "
          "CPU time of this process per request (Python and templates, not the database server's)")


if __name__ == "__main__":
    main()
