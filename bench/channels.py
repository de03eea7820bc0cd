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


def bench_email(app, count):
    from portal.channels.email import receive_raw
    from portal.notify.mail import reply_address
    from portal.tickets.models import Ticket

    with app.app_context():
        raws = [_email(n) for n in range(count // 2)]
        started = time.perf_counter()
        for raw in raws:
            receive_raw(raw)
        new_rate = len(raws) / (time.perf_counter() - started)
        tickets = db.session.query(Ticket).order_by(Ticket.id).limit(count // 2).all()
        replies = [_email(n, reply_address(app.config, t.number), t.customer.email) for n, t in enumerate(tickets)]
        started = time.perf_counter()
        for raw in replies:
            receive_raw(raw)
        reply_rate = len(replies) / (time.perf_counter() - started)
    return new_rate, reply_rate


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

    mobiles = [f"0935{n:07d}" for n in range(count // 2)]
    started = time.perf_counter()
    for n, mobile in enumerate(mobiles):
        post(n, mobile)  # a new customer and ticket each
    new_rate = len(mobiles) / (time.perf_counter() - started)
    started = time.perf_counter()
    for n, mobile in enumerate(mobiles):
        post(n, mobile)  # a reply to that ticket
    return new_rate, len(mobiles) / (time.perf_counter() - started)


def bench_process(url, runs):
    """`flask --app portal ingest-email` as a mail server runs it: one process per message."""
    env = dict(os.environ, PORTAL_DATABASE_URL=url, PORTAL_SECRET_KEY="bench")
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
    email_new, email_reply = bench_email(app, count)
    sms_new, sms_reply = bench_sms(app, count)
    per_process = bench_process(url, runs)
    print(f"{name:<11} {email_new:>12.1f} {email_reply:>14.1f} {sms_new:>10.1f} {sms_reply:>12.1f} {per_process:>17.0f}")
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
    print(f"messages/s in process ({count // 2} new, {count // 2} replies each); ms per ingest-email process "
          f"({runs} runs)")
    print(f"{'database':<11} {'e-mail new':>12} {'e-mail reply':>14} {'SMS new':>10} {'SMS reply':>12} "
          f"{'ms per process':>17}")
    with tempfile.TemporaryDirectory(prefix="pishkhan-bench-") as tmp:
        run("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite'}", count, runs, tmp)
        if args.postgres:
            run("PostgreSQL", args.postgres, count, runs, tmp)


if __name__ == "__main__":
    main()
