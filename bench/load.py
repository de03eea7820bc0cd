"""Load test against a running portal: N customers open tickets and reply for T seconds, at once.

Afterwards every acknowledged write (a redirect after POST) is looked up in the database and in the
search index: nothing acknowledged may be missing from either.

    # start gunicorn (2 workers x 2 threads) on a fresh SQLite database and run 100 customers for 60 s
    .venv/bin/python -m bench.load --serve sqlite
    .venv/bin/python -m bench.load --serve postgres --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/pishkhan_load
    .venv/bin/python -m bench.load --serve sqlite --quick          # 20 customers, 15 s

    # or against a server you started; the script needs its database and index directory to count
    .venv/bin/python -m bench.load --url http://127.0.0.1:8000 --database-url sqlite:////path/portal.sqlite \\
        --index-dir /path/search-index

Customers are created with the registration service (not the HTTP form, whose per-address limit is for
people) and sign in through the real login form. Prints requests, errors by status, p50/p95/p99 per
action, and acknowledged / in the database / in the index for tickets and replies.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "Bar-Sangin-1405"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="a running portal; needs --database-url and --index-dir")
    parser.add_argument("--database-url")
    parser.add_argument("--index-dir")
    parser.add_argument("--serve", choices=("sqlite", "postgres"), help="start gunicorn on a fresh database")
    parser.add_argument("--pg-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/pishkhan_load",
                        help="database for --serve postgres (dropped and created again)")
    parser.add_argument("--port", type=int, help="loopback port for --serve (default: any free one)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--ratelimit-storage", default="memory://", help="PORTAL_RATELIMIT_STORAGE_URI for --serve")
    parser.add_argument("--customers", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--quick", action="store_true", help="20 customers for 15 seconds")
    args = parser.parse_args(argv)
    if args.quick:
        args.customers, args.seconds = 20, 15
    if not args.serve and not (args.url and args.database_url and args.index_dir):
        parser.error("give --serve, or --url with --database-url and --index-dir")
    return args


# ---- the server and its data ------------------------------------------------------------------

def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fresh_postgres(url):
    import psycopg
    from psycopg import sql
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    with psycopg.connect(host=parsed.host, port=parsed.port or 5432, user=parsed.username or "postgres",
                         dbname="postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(parsed.database)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(parsed.database)))


def server_env(args, workdir: Path) -> dict:
    return {**os.environ, "PORTAL_DATABASE_URL": args.database_url, "PORTAL_SEARCH_INDEX_DIR": args.index_dir,
            "PORTAL_UPLOAD_DIR": str(workdir / "uploads"), "PORTAL_SMS_FILE": str(workdir / "sms.jsonl"),
            "PORTAL_SECRET_KEY": "bench-load", "PORTAL_PASSWORD_HASH_PROFILE": "CHEAPEST",
            "PORTAL_LOGIN_RATE_LIMIT": "100000 per hour", "PORTAL_RATELIMIT_STORAGE_URI": args.ratelimit_storage,
            # A simulated customer writes every second or so, far above a person's pace: the per-account ticket
            # and reply limits (30 and 120 an hour) would refuse most of the load.
            "PORTAL_TICKET_RATE_LIMIT": "100000 per hour", "PORTAL_REPLY_RATE_LIMIT": "100000 per hour",
            "PORTAL_READYZ_WORKER_SILENCE": "0"}  # no worker runs beside the measured server


def seed(args, workdir: Path) -> tuple[list[str], int]:
    """Customers (mobiles) and one help topic; the indexes are built so /readyz can say ready."""
    from flask_migrate import upgrade

    from portal import create_app
    from portal.accounts.models import Department
    from portal.accounts.roles import ensure_default_roles
    from portal.accounts.services import create_customer
    from portal.extensions import db
    from portal.search import sync
    from portal.tickets.models import Category

    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url, "PORTAL_SEARCH_INDEX_DIR": args.index_dir,
                      "SECRET_KEY": "bench-load", "PORTAL_PASSWORD_HASH_PROFILE": "CHEAPEST",
                      "PORTAL_UPLOAD_DIR": str(workdir / "uploads")})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        ensure_default_roles()
        department = Department(code="load", name="پشتیبانی")
        category = Category(name="اینترنت", department=department, position=1)
        db.session.add_all([department, category])
        db.session.commit()
        mobiles = []
        for n in range(args.customers):
            mobile = f"0936{random.randrange(10**7):07d}"
            create_customer(full_name=f"مشتری بار {n}", password=PASSWORD, mobile=mobile, commit=False)
            mobiles.append(mobile)
        db.session.commit()
        sync.reindex(app)
        category_id = category.id
        db.engine.dispose()
    return mobiles, category_id


def start_gunicorn(args, workdir: Path, port: int) -> subprocess.Popen:
    command = [str(Path(sys.executable).with_name("gunicorn")), "-w", str(args.workers), "--threads", str(args.threads),
               "-b", f"127.0.0.1:{port}", "--log-level", "warning", "portal:create_app()"]
    server = subprocess.Popen(command, cwd=ROOT, env=server_env(args, workdir), start_new_session=True)
    for _ in range(120):
        try:
            if requests.get(f"{args.url}/readyz", timeout=10).status_code == 200:
                return server
        except requests.RequestException:  # not listening yet, or a worker still loading the app
            pass
        time.sleep(0.1)
    os.killpg(server.pid, signal.SIGTERM)
    raise SystemExit("the server did not become ready")


# ---- the customers ----------------------------------------------------------------------------

class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)  # action -> seconds
        self.statuses = Counter()  # (action, status)
        self.tickets: list[tuple[str, str]] = []  # acknowledged (number, marker in the subject)
        self.replies: list[tuple[str, str]] = []  # acknowledged (number, marker in the body)

    def note(self, action, status, seconds):
        with self.lock:
            self.latencies[action].append(seconds)
            self.statuses[(action, status)] += 1


def _timed(tally, action, call):
    start = time.perf_counter()
    try:
        response = call()
    except requests.RequestException as error:
        tally.note(action, type(error).__name__, time.perf_counter() - start)
        return None
    tally.note(action, response.status_code, time.perf_counter() - start)
    return response


def customer(url, mobile, category_id, deadline, run, n, tally):
    s = requests.Session()
    page = s.get(f"{url}/auth/login", timeout=30)
    token = TOKEN.search(page.text).group(1)
    login = _timed(tally, "sign in", lambda: s.post(f"{url}/auth/login", allow_redirects=False, timeout=60,
                                                      data={"identifier": mobile, "password": PASSWORD,
                                                            "csrf_token": token}))
    if login is None or login.status_code != 302:
        return
    token = TOKEN.search(s.get(f"{url}/tickets/new", timeout=30).text).group(1)  # one token per session
    mine, k = [], 0
    while time.monotonic() < deadline:
        k += 1
        marker = f"m{run}c{n}k{k}"
        if not mine or k % 3 == 1:
            response = _timed(tally, "open ticket", lambda marker=marker: s.post(
                f"{url}/tickets/new", allow_redirects=False, timeout=60,
                data={"subject": f"اینترنت قطع است {marker}", "body": "از صبح وصل نمی‌شود.",
                      "category": category_id, "csrf_token": token}))
            if response is not None and response.status_code == 302:
                number = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
                mine.append(number)
                with tally.lock:
                    tally.tickets.append((number, marker))
        else:
            number = random.choice(mine)
            response = _timed(tally, "reply", lambda number=number, marker=marker: s.post(
                f"{url}/tickets/{number}/reply", allow_redirects=False, timeout=60,
                data={"body": f"هنوز قطع است {marker}", "csrf_token": token}))
            if response is not None and response.status_code == 302:
                with tally.lock:
                    tally.replies.append((number, marker))


# ---- counting ---------------------------------------------------------------------------------

def count(args, tally) -> dict:
    from sqlalchemy import create_engine, func, select

    from portal import create_app
    from portal.search import backend
    from portal.search.models import IndexQueueEntry
    from portal.tickets.models import Ticket, TicketMessage

    engine = create_engine(args.database_url)
    with engine.connect() as conn:
        numbers = [number for number, _ in tally.tickets]
        in_db_tickets = sum(conn.scalar(select(func.count()).select_from(Ticket).where(Ticket.number.in_(numbers[i:i + 500])))
                            for i in range(0, len(numbers), 500))
        bodies = [f"هنوز قطع است {marker}" for _, marker in tally.replies]
        in_db_replies = sum(conn.scalar(select(func.count()).select_from(TicketMessage)
                                        .where(TicketMessage.body.in_(bodies[i:i + 500])))
                            for i in range(0, len(bodies), 500))
        queued = conn.scalar(select(func.count()).select_from(IndexQueueEntry))
    engine.dispose()
    # Through the search backend the portal uses for this database: Whoosh's index on disk, or PostgreSQL's tables.
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url, "PORTAL_SEARCH_INDEX_DIR": args.index_dir,
                      "SECRET_KEY": "bench-load"})

    def indexed(marker, field):
        with app.app_context():
            return backend.for_app(app).search("tickets", marker, {field: 1.0}, per_page=1).total > 0

    return {
        "tickets": (len(tally.tickets), in_db_tickets, sum(indexed(m, "subject") for _, m in tally.tickets)),
        "replies": (len(tally.replies), in_db_replies, sum(indexed(m, "body") for _, m in tally.replies)),
        "queued": queued,
    }


def _percentile(values, q):
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report(args, tally, counts, elapsed):
    requests_made = sum(tally.statuses.values())
    print(f"backend: {args.database_url.split(':')[0]}, {args.customers} customers, {args.seconds:.0f} s "
          f"(measured {elapsed:.1f} s), server {args.url}")
    print(f"requests: {requests_made} ({requests_made / elapsed:.1f}/s)")
    errors = {f"{action} {status}": n for (action, status), n in sorted(tally.statuses.items(), key=str)
              if status not in (302,)}
    print("errors by status:", errors or "none")
    for action, values in sorted(tally.latencies.items()):
        ms = [v * 1000 for v in values]
        print(f"  {action:<12} n={len(ms):<5} p50={_percentile(ms, 50):7.1f} ms  p95={_percentile(ms, 95):7.1f} ms  "
              f"p99={_percentile(ms, 99):7.1f} ms")
    for kind in ("tickets", "replies"):
        acked, in_db, in_index = counts[kind]
        print(f"{kind}: acknowledged {acked}, in database {in_db}, in index {in_index}")
    print(f"index queue rows left: {counts['queued']}")


def run(argv):
    args = parse(argv)
    workdir = Path(tempfile.mkdtemp(prefix="pishkhan-load-"))
    server = None
    if args.serve:
        if args.serve == "postgres":
            _fresh_postgres(args.pg_url)
            args.database_url = args.pg_url
        else:
            args.database_url = f"sqlite:///{workdir / 'portal.sqlite'}"
        args.index_dir = str(workdir / "search-index")
        args.url = f"http://127.0.0.1:{args.port or _free_port()}"
    mobiles, category_id = seed(args, workdir)
    try:
        if args.serve:
            server = start_gunicorn(args, workdir, int(args.url.rsplit(":", 1)[1]))
        tally, run_id = Tally(), secrets.token_hex(3)
        started = time.monotonic()
        deadline = started + args.seconds
        threads = [threading.Thread(target=customer, args=(args.url, m, category_id, deadline, run_id, n, tally))
                   for n, m in enumerate(mobiles)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        report(args, tally, count(args, tally), elapsed)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


if __name__ == "__main__":
    run(sys.argv[1:])
