"""Outbox delivery throughput: enqueue 10,000 messages (half e-mail, half SMS), deliver them to a loopback
SMTP server (aiosmtpd, in its own process) and to the file SMS backend, and print messages per second.

    .venv/bin/python -m bench.notify            # 10,000 messages
    .venv/bin/python -m bench.notify --quick    # 1,000 messages

Seeds a temporary SQLite database; nothing under instance/ is touched.
"""
import argparse
import multiprocessing
import shutil
import socket
import tempfile
import time
from pathlib import Path

from aiosmtpd.controller import Controller
from jinja2 import ChoiceLoader, DictLoader

TEMPLATES = {
    "notify/bench_reply.subject.txt": "پاسخ تازه به تیکت {{ number }}",
    "notify/bench_reply.txt": "سلام {{ recipient.full_name }}،\n\nکارشناس ما به تیکت {{ number }} پاسخ داد.",
    "notify/bench_reply.html": "<p>سلام {{ recipient.full_name }}،</p><p>کارشناس ما به تیکت <b>{{ number }}</b> پاسخ داد.</p>",
    "notify/bench_reply.sms.txt": "پیشخوان: پاسخ تازه به تیکت {{ number }}",
}


class CountingHandler:
    def __init__(self, received):
        self.received = received

    async def handle_DATA(self, server, session, envelope):
        with self.received.get_lock():
            self.received.value += 1
        return "250 OK"


def _smtp_server(port, received, ready, stop):
    """In its own process, so the server does not share the worker's interpreter lock."""
    controller = Controller(CountingHandler(received), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _customers(db, count, *, by_email, by_sms):
    from portal.accounts.models import Customer

    offset = 0 if by_email else count
    rows = [Customer(number=f"B{offset + n:09d}", full_name=f"مشتری نمونه {n}", mobile=f"0935{offset + n:07d}",
                     email=f"bench{offset + n}@example.ir", notify_by_email=by_email, notify_by_sms=by_sms)
            for n in range(count)]
    db.session.add_all(rows)
    db.session.commit()
    return rows


def _enqueue(db, customers):
    from portal.notify import notify_customer

    started = time.perf_counter()
    for n, customer in enumerate(customers):
        notify_customer(customer, "bench_reply", number=f"{140500000 + n}")
        if n % 500 == 499:
            db.session.commit()
    db.session.commit()
    seconds = time.perf_counter() - started
    db.session.remove()  # the worker runs in its own process: it starts with an empty session
    return seconds


def _deliver_all(batch):
    from portal.notify.worker import DeliveryCounts, deliver_due

    total = DeliveryCounts()
    started = time.perf_counter()
    while (counts := deliver_due(limit=batch)).attempted:
        total.add(counts)
    return total, time.perf_counter() - started


def _line(label, count, seconds):
    print(f"  {label:<38} {count:>7,} in {seconds:7.2f} s = {count / seconds:9,.0f} msgs/s")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1,000 messages instead of 10,000")
    parser.add_argument("--total", type=int, help="messages in all, half of them e-mail and half SMS")
    parser.add_argument("--batch", type=int, default=100, help="messages claimed per pass (deliver_due limit)")
    args = parser.parse_args(argv)
    count = (args.total or (1000 if args.quick else 10000)) // 2

    from portal import create_app
    from portal.extensions import db

    workdir = Path(tempfile.mkdtemp(prefix="pishkhan-bench-notify-"))
    port = _free_port()
    received, ready, stop = multiprocessing.Value("i", 0), multiprocessing.Event(), multiprocessing.Event()
    server = multiprocessing.Process(target=_smtp_server, args=(port, received, ready, stop), daemon=True)
    server.start()
    ready.wait(30)
    app = create_app({
        "SECRET_KEY": "bench", "SERVER_NAME": "portal.bench",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.sqlite'}",
        "PORTAL_SMTP_HOST": "127.0.0.1", "PORTAL_SMTP_PORT": port, "PORTAL_MAIL_FROM": "no-reply@pishkhan.test",
        "PORTAL_SMS_BACKEND": "file", "PORTAL_SMS_FILE": str(workdir / "sms.jsonl"),
    })
    app.jinja_env.loader = ChoiceLoader([DictLoader(TEMPLATES), app.jinja_env.loader])
    try:
        with app.app_context():
            db.create_all()
            print(f"outbox delivery, SQLite in {workdir}, {count:,} e-mails and {count:,} SMS, {args.batch} per pass")
            by_email = _customers(db, count, by_email=True, by_sms=False)
            _line("enqueue e-mail (render text+HTML)", count, _enqueue(db, by_email))
            sent, seconds = _deliver_all(args.batch)
            _line("deliver e-mail to loopback aiosmtpd", sent.sent, seconds)
            if received.value != count or sent.sent != count:
                print(f"  ! {received.value:,} e-mails received, {sent}")

            by_sms = _customers(db, count, by_email=False, by_sms=True)
            _line("enqueue SMS", count, _enqueue(db, by_sms))
            sent, seconds = _deliver_all(args.batch)
            _line("deliver SMS to the file backend", sent.sent, seconds)
            lines = sum(1 for _ in open(workdir / "sms.jsonl", encoding="utf-8"))
            if lines != count or sent.sent != count:
                print(f"  ! {lines:,} SMS lines written, {sent}")
            db.session.remove()
            db.engine.dispose()
    finally:
        stop.set()
        server.join(10)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
