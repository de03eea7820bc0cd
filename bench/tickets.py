"""Ticket pages at 1k and 100k tickets on SQLite: SQL statements per page and p50/p95 server time.

    python -m bench.tickets            # 1k and 100k tickets
    python -m bench.tickets --quick    # 1k only
    python -m bench.tickets --sizes 1000,20000 --requests 50 --plans

Tickets, messages, events and ratings are bulk-inserted with SQLAlchemy core (seconds, not minutes); the
pages are then requested through the Flask test client by a signed-in customer, a department agent and a
supervisor (tickets.view_all). Each page is requested --requests times; the time is the server side of
the test client (WSGI call to the last byte). --plans prints SQLite's EXPLAIN QUERY PLAN of each
statement the page sends, to check that the indexes serve them.
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

from sqlalchemy import event, insert, text

PAGES = [
    ("customer: my tickets", "customer", "/tickets/"),
    ("customer: my tickets, page 2, active", "customer", "/tickets/?status=active&page=2"),
    ("customer: ticket page", "customer", "/tickets/{customer_ticket}"),
    ("agent: queue (department)", "agent", "/admin/tickets/"),
    ("agent: queue, mine + overdue", "agent", "/admin/tickets/?assignee=me&overdue=1"),
    ("supervisor: queue (all departments)", "supervisor", "/admin/tickets/"),
    ("supervisor: queue, by priority, page 5", "supervisor", "/admin/tickets/?sort=priority&page=5"),
    ("supervisor: all statuses, by activity", "supervisor", "/admin/tickets/?status=all&sort=activity"),
    ("supervisor: queue, one topic, unassigned", "supervisor", "/admin/tickets/?category={category}&assignee=unassigned"),
    ("agent: ticket page", "agent", "/admin/tickets/{agent_ticket}"),
]
PASSWORD = "bench-Password-1405"
# A year of tickets: most long closed; the active ones recent (opened within the last two weeks).
STATUS_WEIGHTS = {"closed": 85, "resolved": 8, "waiting": 3, "open": 2, "new": 2}


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.tickets", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1k tickets only")
    parser.add_argument("--sizes", default="1000,100000", help="comma-separated ticket counts")
    parser.add_argument("--requests", type=int, default=100, help="requests per page")
    parser.add_argument("--plans", action="store_true", help="print EXPLAIN QUERY PLAN of each page's statements")
    parser.add_argument("--keep", action="store_true", help="keep the database files (path printed)")
    args = parser.parse_args(argv)
    args.sizes = [1000] if args.quick else [int(s) for s in args.sizes.split(",")]
    return args


def make_app(workdir: Path):
    from portal import create_app
    from portal.extensions import db

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.sqlite'}",
                      "PORTAL_UPLOAD_DIR": str(workdir / "uploads"), "PORTAL_SEARCH_INDEX_DIR": str(workdir / "index"),
                      "WTF_CSRF_ENABLED": False, "SERVER_NAME": "bench.local"})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()
    return app


def seed(app, size: int, rng: random.Random) -> dict:
    """Bulk rows: size tickets over size/10 customers, ~3 messages and 2 events each, ratings on a third
    of the resolved ones. Returns what the page requests need (people, a ticket of each, a category)."""
    from portal.accounts.models import Customer, Department
    from portal.accounts.roles import ensure_default_roles
    from portal.accounts.services import create_customer, create_staff
    from portal.extensions import db
    from portal.models_base import utcnow
    from portal.tickets.models import (CHANNELS, PRIORITIES, Category, Feedback, Ticket, TicketEvent,
                                       TicketMessage)
    from portal.tickets.services import sla

    with app.app_context():
        ensure_default_roles()
        departments = [Department(code=c, name=n) for c, n in
                       (("technical", "پشتیبانی فنی"), ("billing", "مالی"), ("sales", "فروش"))]
        db.session.add_all(departments)
        db.session.commit()
        categories = [Category(name=f"موضوع {i}", department=departments[i % 3], position=i) for i in range(9)]
        db.session.add_all(categories)
        db.session.commit()
        agent = create_staff(email="agent@bench.local", full_name="کارشناس فنی", password=PASSWORD,
                             role_name="agent", department_codes=["technical"])
        supervisor = create_staff(email="supervisor@bench.local", full_name="سرپرست", password=PASSWORD,
                                  role_name="supervisor")
        customer = create_customer(full_name="مشتری سنجش", password=PASSWORD, mobile="09120000000", commit=True)

        n_customers = max(10, size // 10)
        db.session.execute(insert(Customer.__table__), [
            {"number": f"{30000000 + i}", "full_name": f"مشتری {i}", "mobile": f"0935{i:07d}", "active": True,
             "auth_version": 1, "notify_by_email": True, "notify_by_sms": True, "created_at": utcnow()}
            for i in range(n_customers)])
        first_id = db.session.scalar(text("SELECT min(id) FROM customers WHERE number >= '30000000'"))
        customer_ids = list(range(first_id, first_id + n_customers))

        now, cal = utcnow(), sla.calendar()
        statuses = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()), k=size)
        numbers = rng.sample(range(1_000_000, 10_000_000), size)
        tickets, bench_own = [], min(60, size // 10)
        for i in range(size):
            status = statuses[i]
            recent = status in ("new", "open", "waiting")
            created = now - timedelta(minutes=rng.randint(5, 60 * 24 * (14 if recent else 365)))
            priority = rng.choices(PRIORITIES, weights=(2, 6, 2, 1))[0]
            category = categories[rng.randrange(len(categories))]
            first_due, resolution_due = (sla.add_business_minutes(created, m, cal) for m in
                                         ((60, 300), (120, 540), (240, 1620), (540, 2700))[PRIORITIES.index(priority)])
            answered = status != "new"
            first_response = created + timedelta(minutes=rng.randint(10, 600)) if answered else None
            ended = status in ("resolved", "closed")
            resolved = (first_response or created) + timedelta(hours=rng.randint(1, 72)) if ended else None
            tickets.append({
                "number": f"{(i % 3) + 3:02d}-{numbers[i]}", "subject": f"تیکت سنجش شماره {i}",
                "customer_id": customer.id if i < bench_own else customer_ids[i % n_customers],
                "status": status, "priority": priority, "channel": CHANNELS[rng.randrange(len(CHANNELS))],
                "category_id": category.id, "department_id": category.department_id,
                "assignee_id": rng.choice((None, None, agent.id, supervisor.id)) if answered else None,
                "created_at": created, "last_activity_at": resolved or first_response or created,
                "customer_seen_at": created, "first_response_at": first_response,
                "first_response_due_at": first_due, "resolution_due_at": resolution_due,
                "sla_due_at": None if ended else (first_due if first_response is None else resolution_due),
                "resolved_at": resolved, "closed_at": resolved if status == "closed" else None,
            })
        for start in range(0, size, 20_000):
            db.session.execute(insert(Ticket.__table__), tickets[start:start + 20_000])
        id_rows = db.session.execute(text("SELECT id, customer_id, created_at FROM tickets ORDER BY id")).all()

        messages, events, ratings = [], [], []

        def message(ticket_id, customer_id, staff_id, body, internal, channel, at):
            return {"ticket_id": ticket_id, "author_customer_id": customer_id, "author_staff_id": staff_id,
                    "body": body, "is_internal": internal, "channel": channel, "created_at": at}

        def history(ticket_id, kind, actor_id, field, old, new, at):
            return {"ticket_id": ticket_id, "actor_kind": kind, "actor_id": actor_id, "field": field,
                    "old_value": old, "new_value": new, "at": at}

        for (ticket_id, customer_id, _created), row in zip(id_rows, tickets):
            created, answered = row["created_at"], row["first_response_at"]
            messages.append(message(ticket_id, customer_id, None, "متن پیام مشتری " * 8, False, row["channel"], created))
            events.append(history(ticket_id, "customer", customer_id, "created", None, "new", created))
            if answered:
                messages.append(message(ticket_id, None, agent.id, "پاسخ کارشناس " * 8, False, "portal", answered))
                events.append(history(ticket_id, "staff", agent.id, "status", "new", row["status"], answered))
                if rng.random() < 0.3:
                    messages.append(message(ticket_id, None, agent.id, "یادداشت داخلی", True, "portal", answered))
            if row["resolved_at"] and rng.random() < 0.33:
                ratings.append({"ticket_id": ticket_id, "customer_id": customer_id, "score": rng.randint(1, 5),
                                "created_at": row["resolved_at"], "updated_at": row["resolved_at"]})
        for table, rows in ((TicketMessage.__table__, messages), (TicketEvent.__table__, events),
                            (Feedback.__table__, ratings)):
            for start in range(0, len(rows), 50_000):
                db.session.execute(insert(table), rows[start:start + 50_000])
        db.session.commit()
        db.session.execute(text("ANALYZE"))
        db.session.commit()

        agent_ticket = db.session.scalar(text(
            "SELECT number FROM tickets WHERE department_id = :d AND first_response_at IS NOT NULL "
            "ORDER BY id DESC LIMIT 1"), {"d": departments[0].id})
        customer_ticket = db.session.scalar(text(
            "SELECT number FROM tickets WHERE customer_id = :c AND first_response_at IS NOT NULL LIMIT 1"),
            {"c": customer.id})
        counts = {"messages": len(messages), "events": len(events), "ratings": len(ratings)}
        category_id = categories[0].id
        db.session.remove()
        db.engine.dispose()
    return {"customer_login": "09120000000", "agent_login": "agent@bench.local",
            "supervisor_login": "supervisor@bench.local", "agent_ticket": agent_ticket,
            "customer_ticket": customer_ticket, "category": category_id, "rows": counts}


def signed_in(app, who: str, login: str):
    client = app.test_client()
    path = "/auth/login" if who == "customer" else "/admin/login"
    response = client.post(path, data={"identifier": login, "password": PASSWORD})
    assert response.status_code == 302, f"{who} could not sign in"
    return client


def measure(app, seeded: dict, requests: int, plans: bool) -> list[tuple[str, int, float, float]]:
    """Requests run outside any app context of ours, as in production: each gets its own (and its own g)."""
    from portal.extensions import db

    with app.app_context():
        engine = db.engine
    statements = []

    def count(_conn, _cursor, statement, parameters, *_):
        if not statement.lstrip().upper().startswith(("PRAGMA", "SAVEPOINT", "RELEASE")):
            statements.append((statement, parameters))

    results = []
    event.listen(engine, "before_cursor_execute", count)
    clients = {who: signed_in(app, who, seeded[f"{who}_login"]) for who in ("customer", "agent", "supervisor")}
    for label, who, url in PAGES:
        url = url.format(**seeded)
        client = clients[who]
        client.get(url)  # warm-up (template compilation, first connection)
        statements.clear()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(statements)
        if plans:
            print_plans(engine, label, list(statements))
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(url).close()
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
        results.append((label, queries, statistics.median(times), p95))
    event.remove(engine, "before_cursor_execute", count)
    engine.dispose()
    return results


def print_plans(engine, label, statements):
    print(f"\n-- {label}")
    with engine.connect() as conn:
        for statement, parameters in statements:
            if "tickets" not in statement and "ticket_" not in statement:
                continue
            print("   " + " ".join(statement.split())[:150])
            raw = conn.connection.driver_connection
            for row in raw.execute("EXPLAIN QUERY PLAN " + statement, parameters or ()):
                print("      " + row[-1])


def main(argv=None):
    args = parse(sys.argv[1:] if argv is None else argv)
    rng = random.Random(1405)
    table = []
    for size in args.sizes:
        workdir = Path(tempfile.mkdtemp(prefix=f"pishkhan-bench-{size}-"))
        app = make_app(workdir)
        started = time.perf_counter()
        seeded = seed(app, size, rng)
        seconds = time.perf_counter() - started
        rows = seeded["rows"]
        print(f"seeded {size:,} tickets, {rows['messages']:,} messages, {rows['events']:,} events, "
              f"{rows['ratings']:,} ratings in {seconds:.1f} s ({workdir / 'bench.sqlite'})")
        for label, queries, p50, p95 in measure(app, seeded, args.requests, args.plans):
            table.append((size, label, queries, p50, p95))
        if not args.keep:
            for path in sorted(workdir.rglob("*"), reverse=True):
                path.unlink() if path.is_file() else path.rmdir()
            workdir.rmdir()

    print(f"\n{'tickets':>8}  {'page':<42} {'SQL':>4} {'p50 ms':>8} {'p95 ms':>8}")
    for size, label, queries, p50, p95 in table:
        print(f"{size:>8,}  {label:<42} {queries:>4} {p50:>8.1f} {p95:>8.1f}")
    by_page = {}
    for size, label, queries, *_ in table:
        by_page.setdefault(label, set()).add(queries)
    grown = [label for label, counts in by_page.items() if len(counts) > 1]
    print("\nSQL statements per page " + ("do not grow with the data." if not grown else f"GREW for: {grown}"))


if __name__ == "__main__":
    main()
