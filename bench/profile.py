"""How the customer profile page scales: SQL statements and latency for a customer with a short history and
one with a long one. Seeds a temporary SQLite database; prints figures, never passes or fails.

    .venv/bin/python -m bench.profile [--quick]
"""
import argparse
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event

from portal import create_app
from portal.extensions import db


def seed(history_sizes):
    from portal.accounts.roles import ensure_default_roles
    from portal.accounts.services import create_customer, create_staff
    from portal.accounts.models import Department
    from portal.customers.models import Interaction, NpsResponse, SupportContract
    from portal.models_base import utcnow
    from portal.tickets.models import CHANNELS, Category, Feedback, Ticket

    ensure_default_roles()
    department = Department(code="technical", name="پشتیبانی فنی")
    category = Category(name="اینترنت", department=department)
    db.session.add_all([department, category])
    db.session.commit()
    create_staff(email="bench@pishkhan.test", full_name="سنجش", password="bench-password-1405",
                 role_name="supervisor", department_codes=["technical"])
    now = utcnow()
    customers = {}
    for size in history_sizes:
        customer = create_customer(full_name=f"مشتری {size}", mobile=f"0912{size:07d}")
        for n in range(size):
            created = now - timedelta(hours=n + 2)
            ticket = Ticket(number=f"B{size}-{n}", customer_id=customer.id, subject=f"موضوع {n}",
                            department_id=department.id, category_id=category.id, channel=CHANNELS[n % len(CHANNELS)],
                            status=("new", "open", "resolved", "closed")[n % 4], created_at=created,
                            first_response_at=created + timedelta(minutes=30 + n % 90))
            db.session.add(ticket)
            if n % 2:
                db.session.flush()
                db.session.add(Feedback(ticket_id=ticket.id, customer_id=customer.id, score=1 + n % 5))
            db.session.add(Interaction(customer_id=customer.id, kind=("call", "sms", "email", "visit", "note")[n % 5],
                                       direction=None if n % 5 == 4 else ("in", "out")[n % 2],
                                       summary=f"تماس شماره {n}", at=created))
            db.session.add(NpsResponse(customer_id=customer.id, score=n % 11, at=created))
        today = now.date()
        db.session.add(SupportContract(customer_id=customer.id, title="طلایی", starts_on=today - timedelta(days=100),
                                       ends_on=today + timedelta(days=20)))
        db.session.commit()
        customers[size] = customer.id
    return customers


def measure(engine, client, customer_id, runs):
    """Requests run outside any app context of ours, so each gets a fresh session and user, as on a server."""
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    url = f"/admin/customers/{customer_id}"
    client.get(url)  # warm the template cache
    event.listen(engine, "before_cursor_execute", count)
    response = client.get(url)
    event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200, response.status_code
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
    return len(statements), statistics.median(timings), p95


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller long history and fewer runs")
    args = parser.parse_args()
    sizes = (10, 200) if args.quick else (10, 1000)
    runs = 15 if args.quick else 60
    with tempfile.TemporaryDirectory(prefix="pishkhan-bench-") as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.sqlite'}",
                          "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                          "PORTAL_BULK_ACCESS_THRESHOLD": 10**6, "PORTAL_SEARCH_INDEX_DIR": str(Path(tmp) / "index")})
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            customers = seed(sizes)
            engine = db.engine
            print(f"seeded customers with {' and '.join(map(str, sizes))} tickets, interactions and NPS answers "
                  f"in {time.perf_counter() - started:.1f} s")
        client = app.test_client()
        client.post("/admin/login", data={"identifier": "bench@pishkhan.test", "password": "bench-password-1405"})
        print(f"{'history':>8} {'SQL statements':>15} {'p50 ms':>8} {'p95 ms':>8}   ({runs} requests each)")
        for size, customer_id in customers.items():
            queries, p50, p95 = measure(engine, client, customer_id, runs)
            print(f"{size:>8} {queries:>15} {p50:>8.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
