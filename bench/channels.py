"""Intake throughput: messages per second through `ingest-email` and through the SMS webhook, on SQLite and
(with --postgres URL) PostgreSQL. Half the messages come from new senders (a new customer and ticket each),
half are replies to an open ticket. Prints figures, never passes or fails.

    .venv/bin/python -m bench.channels [--quick] [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/pishkhan_bench]

The in-process figure is the work per message (parse, store, process, commit twice); a mail server's pipe
also starts a Python process per message, measured separately as "per process".
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

from portal import create_app
from portal.extensions import db

SECRET = "bench-secret"


def _email(n, reply_to=None, sender=None):
    message = EmailMessage()
    message["From"] = sender or f"sender{n}@example.ir"
    message["To"] = reply_to or "support@pishkhan.test"
    message["Subject"] = f"درخواست شماره {n}"
    message["Message-ID"] = f"<bench-{n}-{time.time_ns()}@example.ir>"
    message.set_content(f"سلام، این پیام شماره‌ی {n} است.\n\nبا سپاس", charset="utf-8")
    return message.as_bytes()


def _app(url, tmp):
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False,
                       "PORTAL_SEARCH_INDEX_DIR": str(Path(tmp) / "index"), "PORTAL_UPLOAD_DIR": str(Path(tmp) / "up"),
                       "PORTAL_SMS_WEBHOOK_SECRET": SECRET, "PORTAL_INBOUND_HOURLY_LIMIT": 0,
                       "PORTAL_MAIL_REPLY_ADDRESS": "support+t.{token}@pishkhan.test"})


def _seed():
    from portal.accounts.models import Department
    from portal.tickets.models import Category

    db.drop_all()
    db.create_all()
    department = Department(code="support", name="پشتیبانی")
    db.session.add_all([department, Category(name="درخواست‌ها", department=department)])
    db.session.commit()


class StatementCounter:
    """SQL statements sent while counting: a figure that does not depend on how busy the machine is."""

    def __init__(self):
        self.count = 0

    def __call__(self, *args):
        self.count += 1

    def per(self, engine, messages, work):
        from sqlalchemy import event

        self.count = 0
        event.listen(engine, "before_cursor_execute", self)
        try:
            started = time.perf_counter()
            work()
            elapsed = time.perf_counter() - started
        finally:
            event.remove(engine, "before_cursor_execute", self)
        return messages / elapsed, self.count / messages


def bench_email(app, count):
    from portal.channels.email import receive_raw
    from portal.notify.mail import reply_address
    from portal.tickets.models import Ticket

    counter = StatementCounter()
    with app.app_context():
        raws = [_email(n) for n in range(count // 2)]
        new = counter.per(db.engine, len(raws), lambda: [receive_raw(raw) for raw in raws])
        tickets = db.session.query(Ticket).order_by(Ticket.id).limit(count // 2).all()
        replies = [_email(n, reply_address(app.config, t.number), t.customer.email) for n, t in enumerate(tickets)]
        reply = counter.per(db.engine, len(replies), lambda: [receive_raw(raw) for raw in replies])
    return new, reply


def bench_sms(app, count):
    from portal.channels.signing import signature

    client = app.test_client()

    def post(n, mobile):
        body = json.dumps({"from": mobile, "to": "3000", "text": f"پیامک {n}", "message_id": f"b-{n}-{time.time_ns()}"},
                          ensure_ascii=False).encode()
        stamp = str(int(time.time()))
        response = client.post("/channels/sms/inbound", data=body, headers={
            "X-Pishkhan-Timestamp": stamp, "X-Pishkhan-Signature": signature(SECRET, stamp, body),
            "Content-Type": "application/json"})
        assert response.status_code == 202, response.get_data(as_text=True)

    counter = StatementCounter()
    mobiles = [f"0935{n:07d}" for n in range(count // 2)]
    with app.app_context():
        engine = db.engine
    # a new customer and ticket each, then a reply to that ticket each
    new = counter.per(engine, len(mobiles), lambda: [post(n, mobile) for n, mobile in enumerate(mobiles)])
    reply = counter.per(engine, len(mobiles), lambda: [post(n, mobile) for n, mobile in enumerate(mobiles)])
    return new, reply


def bench_process(url, runs, tmp):
    """`flask --app portal ingest-email` as a mail server runs it: one process per message."""
    env = dict(os.environ, PORTAL_DATABASE_URL=url, PORTAL_SECRET_KEY="bench",
               PORTAL_SEARCH_INDEX_DIR=str(Path(tmp) / "index"), PORTAL_UPLOAD_DIR=str(Path(tmp) / "up"))
    root = Path(__file__).resolve().parents[1]
    started = time.perf_counter()
    for n in range(runs):
        subprocess.run([sys.executable, "-m", "flask", "--app", "portal", "ingest-email"], input=_email(10**6 + n),
                       cwd=root, env=env, check=True, capture_output=True)
    return (time.perf_counter() - started) / runs * 1000


def run(name, url, count, runs, tmp):
    app = _app(url, tmp)
    with app.app_context():
        _seed()
    figures = [*bench_email(app, count), *bench_sms(app, count)]
    per_process = bench_process(url, runs, tmp)
    print(f"{name:<11} " + " ".join(f"{rate:>7.1f} ({sql:>4.1f})" for rate, sql in figures) + f" {per_process:>15.0f}")
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer messages")
    parser.add_argument("--postgres", default=os.environ.get("PORTAL_BENCH_POSTGRES_URL"),
                        help="also measure on this PostgreSQL database (its tables are dropped and recreated)")
    args = parser.parse_args(argv)
    count, runs = (100, 3) if args.quick else (1000, 10)
    print(f"messages/s in process (SQL statements per message), {count // 2} new and {count // 2} replies each; "
          f"ms per ingest-email process ({runs} runs)")
    print(f"{'database':<11} " + " ".join(f"{h:>14}" for h in ("e-mail new", "e-mail reply", "SMS new", "SMS reply"))
          + f" {'ms per process':>15}")
    with tempfile.TemporaryDirectory(prefix="pishkhan-bench-") as tmp:
        run("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite'}", count, runs, tmp)
        if args.postgres:
            run("PostgreSQL", args.postgres, count, runs, tmp)


if __name__ == "__main__":
    main()
