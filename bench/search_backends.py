"""Search backends side by side on PostgreSQL: FAQ search at 1k and 10k articles, ticket search at 100k tickets
(1M with --tickets 100000,1000000), indexing throughput and the time of a full reindex.

    python -m bench.search_backends --database postgresql+psycopg://postgres@127.0.0.1:5432/pishkhan_bench
    python -m bench.search_backends --articles 1000 --tickets 20000 --backends postgres     # quicker

THE DATABASE IS EMPTIED (tables dropped and created). Rows are bulk-inserted with SQLAlchemy core; every
search then goes through the portal's own functions (faq.finding.search_articles, tickets.search.search_tickets)
as a page would call them, for a supervisor (every ticket) and a department agent. Whoosh's index lives in a
temporary directory. Prints figures; never passes or fails on time.
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert, text

from bench.search import article as fake_article

DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/pishkhan_searchpg_bench"
PASSWORD = "bench-Password-1405"
FAQ_QUERIES = ["چطور رمز عبور را تغییر دهم", "مودم قطع می‌شود", "صورتحساب", "تمديد دامنه", "كنترل پنل",
               "گواهی SSL منقضی شده", "رمز عبود", "پرداخت انلاین", "سرویس های من", "ایمیل کار نمیکند",
               "نسخه پشتیبان بازیابی", "وای فای کند شده"]
TICKET_QUERIES = ["مودم", "قطع اینترنت", "دامنه منقضی", "صورتحساب پرداخت", "رمز عبود", "کنترل پنل هاست",
                  "ایمیل خطا می‌دهد", "رضایی", "محمدی مودم", "پشتیبان"]
FIRST = ["علی", "مریم", "رضا", "زهرا", "حسین", "فاطمه", "مهدی", "سارا", "امیر", "نرگس", "محمد", "لیلا"]
LAST = ["رضایی", "محمدی", "حسینی", "کریمی", "احمدی", "جهانگیری", "کرمانی", "موسوی", "تهرانی", "صادقی"]


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.search_backends", description=__doc__.split("\n")[0])
    parser.add_argument("--database", default=DEFAULT_DATABASE, help="a PostgreSQL database this bench may empty")
    parser.add_argument("--articles", default="1000,10000", help="comma-separated article counts")
    parser.add_argument("--tickets", default="100000", help="comma-separated ticket counts")
    parser.add_argument("--backends", default="whoosh,postgres")
    parser.add_argument("--repeat", type=int, default=5, help="times each query is run")
    args = parser.parse_args(argv)
    args.articles = [int(n) for n in args.articles.split(",") if n]
    args.tickets = [int(n) for n in args.tickets.split(",") if n]
    args.backends = args.backends.split(",")
    return args


def make_app(database: str, backend: str, workdir: Path):
    from portal import create_app

    return create_app({"TESTING": True, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False,
                       "SQLALCHEMY_DATABASE_URI": database, "PORTAL_SEARCH_BACKEND": backend,
                       "PORTAL_UPLOAD_DIR": str(workdir / "uploads"),
                       "PORTAL_SEARCH_INDEX_DIR": str(workdir / f"index-{backend}"), "SERVER_NAME": "bench.local"})


def fresh_schema(app) -> None:
    from portal.extensions import db

    with app.app_context():
        db.drop_all()
        db.create_all()
        db.session.remove()


def seed_articles(app, count: int, rng: random.Random) -> None:
    from portal.extensions import db
    from portal.faq.models import Article, FaqCategory
    from portal.models_base import utcnow

    with app.app_context():
        db.session.execute(text("TRUNCATE faq_articles, faq_categories, search_documents, search_words CASCADE"))
        categories = [FaqCategory(name=name, position=i) for i, name in
                      enumerate(("حساب کاربری", "اینترنت", "میزبانی وب", "صورتحساب", "ایمیل"))]
        db.session.add_all(categories)
        db.session.flush()
        now = utcnow()
        rows = []
        for i in range(count):
            question, answer = fake_article(rng)
            rows.append({"category_id": categories[i % len(categories)].id, "question": question[:300],
                         "answer": answer, "status": "draft" if i % 20 == 0 else "published", "position": i,
                         "view_count": 0, "created_at": now, "updated_at": now, "published_at": now})
        for start in range(0, count, 5000):
            db.session.execute(insert(Article.__table__), rows[start:start + 5000])
        db.session.commit()
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        db.session.remove()


def seed_tickets(app, count: int, rng: random.Random) -> dict:
    """count tickets over count/20 customers, two or three messages each (one internal now and then)."""
    from portal.accounts.models import Customer, Department
    from portal.accounts.roles import ensure_default_roles
    from portal.accounts.services import create_staff
    from portal.extensions import db
    from portal.models_base import utcnow
    from portal.tickets.models import Category, Ticket, TicketMessage

    with app.app_context():
        ensure_default_roles()
        departments = [Department(code=c, name=n) for c, n in
                       (("technical", "پشتیبانی فنی"), ("billing", "مالی"), ("sales", "فروش"))]
        db.session.add_all(departments)
        db.session.commit()
        categories = [Category(name=f"موضوع {i}", department=departments[i % 3], position=i) for i in range(9)]
        db.session.add_all(categories)
        db.session.commit()
        create_staff(email="agent@bench.local", full_name="کارشناس فنی", password=PASSWORD, role_name="agent",
                     department_codes=["technical"])
        create_staff(email="supervisor@bench.local", full_name="سرپرست", password=PASSWORD, role_name="supervisor")
        n_customers = max(10, count // 20)
        now = utcnow()
        customers = [{"number": f"{30000000 + i}", "full_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                      "mobile": f"0935{i:07d}", "active": True, "auth_version": 1, "notify_by_email": True,
                      "notify_by_sms": True, "created_at": now} for i in range(n_customers)]
        for start in range(0, n_customers, 20_000):
            db.session.execute(insert(Customer.__table__), customers[start:start + 20_000])
        first_customer = db.session.scalar(text("SELECT min(id) FROM customers"))
        db.session.commit()
        for start in range(0, count, 50_000):
            tickets, messages = [], []
            for i in range(start, min(count, start + 50_000)):
                category = categories[i % len(categories)]
                created = now - timedelta(minutes=rng.randint(5, 60 * 24 * 365))
                subject, body = fake_article(rng)
                tickets.append({"number": f"{i + 1:07d}", "subject": subject[:200],
                                "customer_id": first_customer + i % n_customers, "status": "open",
                                "priority": "normal", "channel": "portal", "category_id": category.id,
                                "department_id": category.department_id, "created_at": created,
                                "last_activity_at": created, "customer_seen_at": created})
            db.session.execute(insert(Ticket.__table__), tickets)
            ids = db.session.execute(text("SELECT id, customer_id, created_at FROM tickets WHERE number >= :a "
                                          "AND number <= :b ORDER BY id"),
                                     {"a": tickets[0]["number"], "b": tickets[-1]["number"]}).all()
            for ticket_id, customer_id, created in ids:
                _, body = fake_article(rng)
                messages.append({"ticket_id": ticket_id, "author_customer_id": customer_id, "body": body,
                                 "is_internal": False, "channel": "portal", "created_at": created})
                messages.append({"ticket_id": ticket_id, "author_customer_id": None, "body": fake_article(rng)[1],
                                 "is_internal": rng.random() < 0.3, "channel": "portal", "created_at": created})
            for part in range(0, len(messages), 50_000):
                db.session.execute(insert(TicketMessage.__table__), messages[part:part + 50_000])
            db.session.commit()
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        db.session.remove()
    return {"agent": "agent@bench.local", "supervisor": "supervisor@bench.local"}


def pct(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] if len(values) > 1 else values[0]


def timed(call, queries: list[str], repeat: int) -> tuple[float, float]:
    call(queries[0])  # a running portal has its files open and its caches warm
    times = []
    for _ in range(repeat):
        for query in queries:
            started = time.perf_counter()
            call(query)
            times.append((time.perf_counter() - started) * 1000)
    return pct(times, 50), pct(times, 95)


def reindex(app, name: str) -> tuple[int, float]:
    from portal.search import backend, sync

    with app.app_context():
        started = time.perf_counter()
        count = backend.for_app(app).rebuild(sync.source(app, name))
        seconds = time.perf_counter() - started
        from portal.extensions import db

        db.session.remove()
    return count, seconds


def faq_run(app, backend: str, count: int, repeat: int) -> None:
    from portal.extensions import db
    from portal.faq.finding import search_articles

    indexed, seconds = reindex(app, "articles")
    from portal.search import backend as backends
    from portal.search import synonyms
    from portal.search.schemas import ARTICLE_FIELDS, ARTICLES

    with app.test_request_context():
        p50, p95 = timed(lambda q: search_articles(q), FAQ_QUERIES, repeat)
        found = sum(bool(search_articles(q).items) for q in FAQ_QUERIES)
        groups, engine = synonyms.current_groups(), backends.for_app(app)
        b50, b95 = timed(lambda q: engine.search(ARTICLES, q, ARTICLE_FIELDS, hide={"status": "draft"}, ranked=True,
                                                 synonym_groups=groups), FAQ_QUERIES, repeat)
        db.session.remove()
    print(f"  {backend:8} {count:>9,} articles  reindex {seconds:7.1f}s ({indexed / seconds:7,.0f} docs/s)"
          f"  ({found}/{len(FAQ_QUERIES)} queries found something)")
    print(f"  {'':8} {'':>9}           search page function p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"
          f"  (ranked search, did-you-mean, rows, highlights, search log)")
    print(f"  {'':8} {'':>9}           ranked search alone  p50 {b50:6.1f} ms  p95 {b95:6.1f} ms")


def ticket_run(app, backend: str, count: int, repeat: int, people: dict) -> None:
    from portal.accounts.models import StaffUser
    from portal.extensions import db
    from portal.tickets.search import search_tickets

    indexed, seconds = reindex(app, "tickets")
    print(f"  {backend:8} {count:>9,} tickets   reindex {seconds:7.1f}s ({indexed / seconds:7,.0f} docs/s)")
    with app.test_request_context():
        for who in ("supervisor", "agent"):
            user = db.session.scalar(db.select(StaffUser).where(StaffUser.email == people[who]))
            p50, p95 = timed(lambda q: search_tickets(user, q), TICKET_QUERIES, repeat)
            print(f"  {'':8} {'':>9}           search as {who:10} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms")
        db.session.remove()


def main(argv=None) -> None:
    args = parse(argv)
    rng = random.Random(1405)
    with tempfile.TemporaryDirectory(prefix="pishkhan-bench-search-") as tmp:
        apps = {name: make_app(args.database, name, Path(tmp)) for name in args.backends}
        first = apps[args.backends[0]]
        fresh_schema(first)
        print("== FAQ search (the search page's function: ranked search and did-you-mean) ==")
        for count in args.articles:
            seed_articles(first, count, rng)
            for name, app in apps.items():
                faq_run(app, name, count, args.repeat)
        print("== ticket search (the staff search page's function, the access policy included) ==")
        for count in args.tickets:
            fresh_schema(first)
            people = seed_tickets(first, count, rng)
            for name, app in apps.items():
                ticket_run(app, name, count, args.repeat, people)
        for app in apps.values():
            with app.app_context():
                from portal.extensions import db

                db.engine.dispose()


if __name__ == "__main__":
    main()
