"""The worker's automations at volume: one pass of SLA escalation, auto-close and agent notices over many tickets,
with its time and SQL statements, and the cost of a worker pass when nothing is due.

    .venv/bin/python -m bench.automations            # 20,000 tickets
    .venv/bin/python -m bench.automations --quick    # 2,000 tickets

Seeds a temporary SQLite database (or PORTAL_BENCH_DATABASE_URL, which it empties first); nothing under
instance/ is touched. A tenth of the tickets are due within the warning time, a tenth are past due, a tenth
were resolved long ago; each kind of notice goes out once, so the second pass finds nothing to send.
"""
import argparse
import os
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import event

NOW = datetime(2026, 12, 1, 9, 0)  # a Tuesday, in business hours in Tehran


def _seed(db, count):
    from portal.accounts.models import Customer, Department
    from portal.accounts.roles import ensure_default_roles
    from portal.accounts.services import create_staff
    from portal.tickets.models import Category, Ticket, TicketMessage

    ensure_default_roles()
    department = Department(code="tech", name="پشتیبانی فنی")
    db.session.add(department)
    db.session.commit()
    agents = [create_staff(email=f"agent{n}@bench.test", full_name=f"کارشناس {n}", password="bench-password-1",
                           role_name="agent", department_codes=["tech"]) for n in range(20)]
    create_staff(email="lead@bench.test", full_name="سرپرست", password="bench-password-1", role_name="supervisor",
                 department_codes=["tech"])
    category = Category(name="اینترنت", department=department)
    customers = [Customer(number=f"B{n:09d}", full_name=f"مشتری نمونه {n}", mobile=f"0935{n:07d}",
                          email=f"bench{n}@example.ir") for n in range(max(1, count // 10))]
    db.session.add_all([category, *customers])
    db.session.commit()
    for n in range(count):
        kind = n % 10
        status, due, resolved = "open", NOW + timedelta(days=3), None
        if kind == 0:
            due = NOW + timedelta(minutes=30)
        elif kind == 1:
            due = NOW - timedelta(hours=2)
        elif kind == 2:
            status, due, resolved = "resolved", None, NOW - timedelta(days=30)
        ticket = Ticket(number=f"{1405000000 + n}", customer=customers[n % len(customers)], subject=f"تیکت {n}",
                        status=status, category=category, department_id=department.id,
                        assignee_id=agents[n % len(agents)].id, sla_due_at=due, resolved_at=resolved,
                        created_at=NOW - timedelta(days=40), last_activity_at=NOW - timedelta(days=1))
        ticket.messages.append(TicketMessage(author_customer_id=ticket.customer.id, body="متن نمونه",
                                             created_at=NOW - timedelta(days=40)))
        db.session.add(ticket)
        if n % 1000 == 999:
            db.session.commit()
    db.session.commit()


def _measure(db, label, function):
    statements = []
    listener = lambda *args: statements.append(1)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    started = time.perf_counter()
    summary = function()
    seconds = time.perf_counter() - started
    event.remove(db.engine, "before_cursor_execute", listener)
    print(f"  {label:<34} {seconds * 1000:9.1f} ms  {len(statements):6} SQL  {summary}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="2,000 tickets instead of 20,000")
    args = parser.parse_args(argv)
    count = 2000 if args.quick else 20000

    from portal import create_app, jobs
    from portal.jobs import runner as _runner  # noqa: F401
    from portal.automations import agent_notices, autoclose, escalation
    from portal.extensions import db

    workdir = Path(tempfile.mkdtemp(prefix="pishkhan-bench-automations-"))
    url = os.environ.get("PORTAL_BENCH_DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite'}"
    app = create_app({"SECRET_KEY": "bench", "SERVER_NAME": "portal.bench", "SQLALCHEMY_DATABASE_URI": url,
                      "PORTAL_PASSWORD_HASH_PROFILE": "CHEAPEST", "PORTAL_UPLOAD_DIR": str(workdir / "uploads"),
                      "PORTAL_SEARCH_INDEX_DIR": str(workdir / "index")})
    with app.app_context():
        db.drop_all()
        db.create_all()
        print(f"automations over {count:,} tickets on {db.engine.dialect.name} ({count // 10:,} due soon, "
              f"{count // 10:,} past due, {count // 10:,} resolved 30 days ago)")
        _seed(db, count)
        for attempt in ("first pass", "second pass"):
            _measure(db, f"SLA escalation, {attempt}", lambda: escalation.run(NOW))
            _measure(db, f"auto-close, {attempt}", lambda: autoclose.run(NOW))
            _measure(db, f"agent notices, {attempt}", lambda: agent_notices.run(NOW))
        # the outbox jobs would try to send: leave them out of the pass measured here
        app.extensions["portal_jobs"] = {k: j for k, j in app.extensions["portal_jobs"].items()
                                         if not k.startswith("notify.")}
        runner = jobs.runner.Runner(app, "bench")
        runner.run_pending(NOW)
        _measure(db, "worker pass with nothing due", lambda: f"{len(runner.run_pending(NOW + timedelta(seconds=1)))} ran")
        db.session.remove()
        if not os.environ.get("PORTAL_BENCH_DATABASE_URL"):
            db.engine.dispose()


if __name__ == "__main__":
    main()
