"""Requests per second on loopback, under wrk, for a few pages of a seeded database.

    # gunicorn with 2 workers (deploy/gunicorn.conf.py) on the 1M-ticket PostgreSQL database of bench.seed_big
    .venv/bin/python -m bench.throughput --database postgresql+psycopg://postgres@127.0.0.1:5432/pishkhan_big
    # the same on SQLite, and the embedded default (`make run`: flask's own server, threaded) on it
    .venv/bin/python -m bench.throughput --database sqlite:////var/tmp/pishkhan-100k.sqlite
    .venv/bin/python -m bench.throughput --database sqlite:////var/tmp/pishkhan-100k.sqlite --server flask

The server is started on --port (loopback) with the database, signed-in sessions are made through the login
forms, then wrk (Debian's `wrk`) requests each page with --connections for --seconds. Prints requests/s, the
latency distribution wrk measured (client side, loopback) and any non-2xx answers or socket errors.
wrk, the server and the database share this machine's cores: figures compare setups on one machine. Workers
are not recycled during the run (--recycle keeps deploy/gunicorn.conf.py's max_requests: a worker restart,
seconds of loading the app, then lands inside a run and shows as wrk time-outs).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from bench.seed_big import BENCH_MOBILE, PASSWORD

NEEDS_SEEDED_DATABASE = True  # `python -m bench` leaves it out
ROOT = Path(__file__).resolve().parents[1]
AGENT = "pishkhan-bench"  # one User-Agent for signing in and for wrk: the session is bound to it
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
PAGES = [
    ("customer: my tickets", "customer", "/tickets/"),
    ("customer: a ticket", "customer", "/tickets/{customer_ticket}"),
    ("customer: FAQ", "customer", "/faq/"),
    ("agent: queue", "agent", "/admin/tickets/"),
    ("agent: a ticket", "agent", "/admin/tickets/{agent_ticket}"),
]


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.throughput", description=__doc__.split("\n")[0])
    parser.add_argument("--database", required=True, help="a database seeded by bench.seed_big")
    parser.add_argument("--server", choices=("gunicorn", "flask"), default="gunicorn",
                        help="gunicorn -c deploy/gunicorn.conf.py, or the embedded default (flask run, threaded)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--recycle", action="store_true",
                        help="keep the config's worker recycling (max_requests 2000): a restart lands inside a run")
    parser.add_argument("--port", type=int, default=5662)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=15)
    return parser.parse_args(argv)


def start(args, workdir: Path) -> subprocess.Popen:
    env = {**os.environ, "PORTAL_DATABASE_URL": args.database, "PORTAL_SECRET_KEY": "bench-throughput",
           "PORTAL_UPLOAD_DIR": str(workdir / "uploads"), "PORTAL_SEARCH_INDEX_DIR": str(workdir / "index"),
           "PORTAL_LOGIN_RATE_LIMIT": "100000 per hour", "PORTAL_TWO_FACTOR_ENFORCED": "false",
           "PORTAL_BIND": f"127.0.0.1:{args.port}", "PORTAL_WEB_WORKERS": str(args.workers),
           "PORTAL_BASE_URL": f"http://127.0.0.1:{args.port}"}
    _wait_until_free(args.port)  # a server left from an earlier run would answer for this one
    bin_dir = Path(sys.executable).parent
    if args.server == "gunicorn":
        command = [str(bin_dir / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "--access-logfile", "/dev/null",
                   *([] if args.recycle else ["--max-requests", "0"]), "portal:create_app()"]
    else:
        command = [str(bin_dir / "flask"), "--app", "portal", "run", "--host", "127.0.0.1", "--port", str(args.port)]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            if requests.get(f"http://127.0.0.1:{args.port}/healthz", timeout=5).status_code == 200:
                return server
        except requests.RequestException:
            pass
        time.sleep(0.1)
    stop(server)
    raise SystemExit("the server did not start")


def stop(server):
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def _wait_until_free(port: int) -> None:
    for _ in range(60):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return
        time.sleep(0.5)
    raise SystemExit(f"something still listens on port {port}")


def cookie_for(base: str, path: str, identifier: str) -> str:
    session = requests.Session()
    session.headers["User-Agent"] = AGENT
    token = TOKEN.search(session.get(base + path, timeout=30).text).group(1)
    response = session.post(base + path, data={"identifier": identifier, "password": PASSWORD, "csrf_token": token},
                            allow_redirects=False, timeout=30)
    if response.status_code != 302:
        raise SystemExit(f"{identifier} could not sign in ({response.status_code})")
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


def wrk(url: str, cookie: str, connections: int, seconds: int) -> dict:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", f"Cookie: {cookie}", "-H", f"User-Agent: {AGENT}",
                          url], capture_output=True, text=True, check=True).stdout
    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for q in ("50", "90", "99"):
        match = re.search(rf"^\s+{q}%\s+([\d.]+)(us|ms|s)", out, re.M)
        figures[q] = float(match.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[match.group(2)]
    figures["requests"] = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    figures["non2xx"] = int(bad.group(1)) if bad else 0
    errors = re.search(r"Socket errors: (.*)", out)
    figures["socket"] = errors.group(1).strip() if errors else "none"
    return figures


def main(argv=None):
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    args = parse(sys.argv[1:] if argv is None else argv)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    engine = create_engine(args.database)
    with engine.connect() as conn:
        customer = conn.scalar(text("SELECT id FROM customers WHERE mobile = :m"), {"m": BENCH_MOBILE})
        found = {"customer_ticket": conn.scalar(text(
            "SELECT number FROM tickets WHERE customer_id = :c ORDER BY last_activity_at DESC LIMIT 1"), {"c": customer}),
            "agent_ticket": conn.scalar(text(
                "SELECT t.number FROM tickets t JOIN departments d ON d.id = t.department_id "
                "WHERE d.code = 'technical' AND t.status = 'open' ORDER BY t.id DESC LIMIT 1")),
            "tickets": conn.scalar(text("SELECT count(*) FROM tickets"))}
    engine.dispose()
    workdir = Path(tempfile.mkdtemp(prefix="pishkhan-throughput-"))
    server = start(args, workdir)
    base = f"http://127.0.0.1:{args.port}"
    try:
        cookies = {"customer": cookie_for(base, "/auth/login", BENCH_MOBILE),
                   "agent": cookie_for(base, "/admin/login", "agent@bench.local")}
        setup = (f"gunicorn -w {args.workers} (sync{', recycled every ~2000 requests' if args.recycle else ''})"
                 if args.server == "gunicorn" else "flask run (threaded)")
        print(f"{make_url(args.database).get_backend_name()}, {found['tickets']:,} tickets; {setup}; "
              f"wrk -t2 -c{args.connections} -d{args.seconds}s")
        print(f"{'page':<24} {'req/s':>7} {'p50 ms':>7} {'p90 ms':>7} {'p99 ms':>7} {'requests':>9} {'non-2xx':>8}  socket errors")
        for label, who, path in PAGES:
            check = requests.get(base + path.format(**found), headers={"Cookie": cookies[who], "User-Agent": AGENT}, allow_redirects=False,
                                 timeout=60)
            if check.status_code != 200:  # wrk counts redirects as answers: a lost session would look fast
                raise SystemExit(f"{label}: {path} answered {check.status_code} {check.headers.get('Location', '')}")
            f = wrk(base + path.format(**found), cookies[who], args.connections, args.seconds)
            print(f"{label:<24} {f['rps']:>7.1f} {f['50']:>7.1f} {f['90']:>7.1f} {f['99']:>7.1f} {f['requests']:>9} "
                  f"{f['non2xx']:>8}  {f['socket']}")
    finally:
        stop(server)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
