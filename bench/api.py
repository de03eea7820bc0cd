"""REST API v1: p50/p95 server time and SQL statements of listing and opening tickets, on SQLite and
(with --postgres URL) PostgreSQL. Prints figures; never passes or fails.

    python -m bench.api --quick                       # 1k tickets, SQLite
    python -m bench.api --sizes 1000,20000 --postgres postgresql+psycopg://postgres@127.0.0.1:5432/pishkhan_bench_api

Tickets are bulk-inserted with SQLAlchemy core; requests go through the Flask test client with a staff
member's API token (a supervisor: all departments) and a customer's. Opening a ticket runs the whole
service: SLA due times, first message, audit row, outbox notification, search index update. The PostgreSQL
database is emptied and its tables recreated (give it a database of its own).
"""
from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event, insert

from portal import create_app
from portal.extensions import db

STATUS_WEIGHTS = {"closed": 85, "resolved": 8, "waiting": 3, "open": 2, "new": 2}


def seed(size: int) -> dict:
    from portal.accounts.models import Department
    from portal.accounts.roles import ensure_default_roles
    from portal.accounts.services import create_customer, create_staff
    from portal.channels.api import tokens
    from portal.models_base import utcnow
    from portal.tickets.models import Category, Ticket, TicketMessage

    ensure_default_roles()
    departments = [Department(code=f"d{n}", name=f"واحد {n}") for n in range(4)]
    categories = [Category(name=f"موضوع {n}", department=departments[n % 4]) for n in range(8)]
    db.session.add_all(departments + categories)
    db.session.commit()
    supervisor = create_staff(email="bench-api@pishkhan.test", full_name="سنجش", password="bench-Password-1405",
                              role_name="supervisor", department_codes=["d0"])
    supervisor.role.set_permissions(supervisor.role.permissions | {"api.tokens"})
    customers = [create_customer(full_name=f"مشتری {n}", mobile=f"0912{n:07d}", commit=False) for n in range(200)]
    db.session.commit()
    now, rng = utcnow(), random.Random(1405)
    statuses = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()), k=size)
    rows = []
    for n, status in enumerate(statuses):
        created = now - timedelta(minutes=size - n)
        category = categories[n % len(categories)]
        rows.append({"number": f"B-{n:07d}", "customer_id": customers[n % len(customers)].id,
                     "subject": f"موضوع تیکت {n}", "status": status, "priority": ("low", "normal", "high")[n % 3],
                     "channel": "portal", "category_id": category.id, "department_id": category.department_id,
                     "created_at": created, "last_activity_at": created,
                     "sla_due_at": created + timedelta(hours=4) if status in ("new", "open", "waiting") else None})
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(Ticket), rows[start:start + 5000])
    db.session.commit()
    ids = db.session.scalars(db.select(Ticket.id).order_by(Ticket.id)).all()
    messages = [{"ticket_id": i, "author_customer_id": customers[k % len(customers)].id, "body": "متن پیام",
                 "channel": "portal", "created_at": now, "is_internal": False} for k, i in enumerate(ids)]
    for start in range(0, len(messages), 5000):
        db.session.execute(insert(TicketMessage), messages[start:start + 5000])
    db.session.commit()
    staff_token = tokens.create_token(supervisor, name="bench")[1]
    customer_token = tokens.create_token(customers[0], name="bench")[1]
    return {"staff": staff_token, "customer": customer_token, "category": categories[0].id,
            "customer_number": customers[1].number}


def _time(client, engine, method, url, headers, runs, body_for=None):
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    timings = []
    for n in range(runs + 1):
        kwargs = {"json": body_for(n)} if body_for else {}
        if n == 1:
            event.listen(engine, "before_cursor_execute", count)
        start = time.perf_counter()
        response = client.open(url, method=method, headers=headers, **kwargs)
        elapsed = (time.perf_counter() - start) * 1000
        if n == 1:
            event.remove(engine, "before_cursor_execute", count)
        assert response.status_code in (200, 201), (url, response.status_code, response.get_data(as_text=True))
        if n:  # the first request warms caches
            timings.append(elapsed)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
    return len(statements), statistics.median(timings), p95


def run(url: str, label: str, size: int, runs: int, workdir: Path) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False,
                      "PORTAL_SEARCH_INDEX_DIR": str(workdir / f"index-{label}-{size}"),
                      "PORTAL_UPLOAD_DIR": str(workdir / "uploads")})
    with app.app_context():
        db.drop_all()
        db.create_all()
        started = time.perf_counter()
        seeded = seed(size)
        engine = db.engine
        print(f"\n-- {label}, {size} tickets (seeded in {time.perf_counter() - started:.1f} s)")
    client = app.test_client()
    staff = {"Authorization": f"Bearer {seeded['staff']}"}
    customer = {"Authorization": f"Bearer {seeded['customer']}"}
    with app.app_context():
        page = client.get("/api/v1/tickets?status=all&limit=25", headers=staff).json
        deep = page["next_cursor"]
        for _ in range(10):
            deep = client.get(f"/api/v1/tickets?status=all&limit=25&cursor={deep}", headers=staff).json["next_cursor"]
    cases = [
        ("staff: list active (25)", "GET", "/api/v1/tickets", staff, None),
        ("staff: list all statuses (25)", "GET", "/api/v1/tickets?status=all", staff, None),
        ("staff: list all, page 12 by cursor", "GET", f"/api/v1/tickets?status=all&cursor={deep}", staff, None),
        ("staff: list high priority, one department", "GET",
         "/api/v1/tickets?status=all&priority=high&department=1", staff, None),
        ("customer: list own", "GET", "/api/v1/tickets?status=all", customer, None),
        ("staff: create for a customer", "POST", "/api/v1/tickets", staff,
         lambda n: {"customer": seeded["customer_number"], "subject": f"تماس {n}", "body": "مشتری زنگ زد",
                    "category_id": seeded["category"]}),
        ("customer: create", "POST", "/api/v1/tickets", customer,
         lambda n: {"subject": f"درخواست {n}", "body": "اینترنت قطع است", "category_id": seeded["category"]}),
    ]
    print(f"{'request':<44} {'SQL':>4} {'p50 ms':>8} {'p95 ms':>8}   ({runs} requests each)")
    for name, method, path, headers, body_for in cases:
        queries, p50, p95 = _time(client, engine, method, path, headers, runs, body_for)
        print(f"{name:<44} {queries:>4} {p50:>8.1f} {p95:>8.1f}")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.api", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1k tickets, fewer requests")
    parser.add_argument("--sizes", default="1000,20000", help="comma-separated ticket counts")
    parser.add_argument("--requests", type=int, default=50, help="requests per case")
    parser.add_argument("--postgres", metavar="URL", help="also run on this PostgreSQL database (emptied first)")
    args = parser.parse_args(argv)
    sizes = [1000] if args.quick else [int(s) for s in args.sizes.split(",")]
    runs = 20 if args.quick else args.requests
    with tempfile.TemporaryDirectory(prefix="pishkhan-bench-api-") as tmp:
        workdir = Path(tmp)
        for size in sizes:
            run(f"sqlite:///{workdir / f'api-{size}.sqlite'}", "SQLite", size, runs, workdir)
            if args.postgres:
                subprocess.run([sys.executable, str(Path(__file__).parents[1] / "scripts" / "pg_create_db.py"),
                                args.postgres], check=True)
                run(args.postgres, "PostgreSQL", size, runs, workdir)


if __name__ == "__main__":
    main()
