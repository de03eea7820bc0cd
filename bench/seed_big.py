"""A large, realistic Pishkhan database for the page, throughput and load benchmarks.

    # 100k customers, 1M tickets, ~3M messages on PostgreSQL (the database is dropped and created again)
    .venv/bin/python -m bench.seed_big --database postgresql+psycopg://postgres@127.0.0.1:5432/pishkhan_big
    # 10k customers, 100k tickets, ~300k messages in a SQLite file
    .venv/bin/python -m bench.seed_big --database sqlite:////tmp/pishkhan-100k.sqlite --tickets 100000

The schema comes from the migrations; departments, help topics, staff, the FAQ and the bench customer go
through the services, then customers, tickets, messages, history and ratings are streamed in bulk: COPY on
PostgreSQL (foreign-key triggers off for the session: every id is made here, so each reference is known to
be right), executemany in one transaction on SQLite. Rows are what the app writes itself: ticket numbers of
the Jalali year, due times and business durations from the SLA calendar, first responders, every NOT NULL
column. Three years of tickets; those of the last two weeks are still moving (new, open, waiting,
resolved), older ones closed, a few left waiting. Subjects and messages are Persian support conversations
made from phrase lists. The search index is not built (bench.pages does not search).

Every seeded customer's password is PASSWORD; the bench customer (many tickets) signs in as 09120000000,
the staff as agent@bench.local (technical), billing@bench.local, supervisor@bench.local (every department).
"""
from __future__ import annotations

import argparse
import bisect
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import jdatetime
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

NEEDS_SEEDED_DATABASE = True  # `python -m bench` leaves it out
ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-Password-1405"
BENCH_MOBILE = "09120000000"
BENCH_CUSTOMER_TICKETS = 60
DAYS = 3 * 365
RECENT_DAYS = 14
CHUNK = 20_000
BULK_TABLES = ("customers", "tickets", "ticket_messages", "ticket_events", "ticket_feedback")  # tickets per batch (with their messages, history and ratings)

FIRST_NAMES = ("زهرا", "فاطمه", "مریم", "علی", "محمد", "حسین", "رضا", "نرگس", "سارا", "امیر", "مهدی", "لیلا",
               "نیلوفر", "سعید", "کاوه", "پریسا", "بهاره", "حمید", "مجید", "شیرین", "آرش", "یاسمن", "الهام", "پویا",
               "هستی", "مرتضی", "سمیه", "کیوان", "ژاله", "فرهاد")
LAST_NAMES = ("محمدی", "حسینی", "احمدی", "رضایی", "کریمی", "موسوی", "جعفری", "صادقی", "رحیمی", "کاظمی",
              "قاسمی", "نوری", "شریفی", "تهرانی", "اصفهانی", "شیرازی", "یزدانی", "کرمانی", "فراهانی", "بهرامی",
              "سلیمانی", "طاهری", "زارعی", "عباسی", "نجفی", "امینی", "پارسا", "مرادی", "اکبری", "حیدری")
CITIES = ("تهران", "مشهد", "اصفهان", "شیراز", "تبریز", "کرج", "اهواز", "قم", "رشت", "کرمان", "یزد", "همدان")
MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")
SUBJECTS = {
    "technical": ("قطعی اینترنت در {city}", "سرعت اینترنت خیلی پایین است", "مودم چراغ قرمز نشان می‌دهد",
                  "قطع و وصل شدن مکرر اتصال", "اپلیکیشن موبایل باز نمی‌شود", "خطای ورود به پنل کاربری",
                  "تنظیم مودم جدید", "پیامک فعال‌سازی نمی‌رسد", "ایمیل سازمانی کار نمی‌کند",
                  "وب‌سایت روی شبکه‌ی شما باز نمی‌شود", "تماس تلفنی قطع می‌شود", "آی‌پی ثابت می‌خواهم"),
    "billing": ("قبض {month} اشتباه صادر شده", "پرداخت انجام شد ولی سرویس فعال نشد", "درخواست بازگشت وجه",
                "مبلغ اضافه از حسابم کسر شده", "فاکتور رسمی برای شرکت", "تمدید اشتراک سالانه",
                "کد تخفیف اعمال نشد", "تغییر روش پرداخت", "بدهی قبلی در قبض {month}", "صورتحساب به ایمیلم نمی‌آید"),
    "sales": ("خرید سرویس برای شعبه‌ی {city}", "ارتقای بسته به حجم بیشتر", "استعلام قیمت سرویس سازمانی",
              "انتقال مالکیت خط", "جابجایی سرویس به آدرس جدید در {city}", "شرایط نمایندگی فروش",
              "مقایسه‌ی بسته‌های اینترنت", "درخواست دمو برای شرکت"),
}
CUSTOMER_LINES = (
    "سلام، وقت بخیر.", "از دیروز عصر این مشکل را دارم و هنوز برطرف نشده.",
    "چند بار مودم را خاموش و روشن کردم ولی فایده‌ای نداشت.", "لطفاً هر چه زودتر پیگیری کنید، کارم لنگ مانده است.",
    "شماره‌ی اشتراک من در پرونده هست.", "قبلاً هم تماس گرفتم ولی کسی جواب نداد.",
    "تصویر پیام خطا را هم می‌توانم بفرستم.", "این مشکل فقط عصرها پیش می‌آید.",
    "همکارانم در دفتر هم همین مشکل را دارند.", "ممنون می‌شوم راهنمایی کنید.",
    "مبلغ را از طریق درگاه بانک پرداخت کردم و کد پیگیری دارم.", "لطفاً با من تماس بگیرید.",
    "هنوز درست نشده، دوباره بررسی کنید.", "مشکل حل شد، خیلی ممنون از پیگیری‌تان.",
    "آیا امکان دارد کارشناس حضوری بفرستید؟", "از ساعت ۸ صبح تا ۵ عصر در دسترس هستم.",
)
AGENT_LINES = (
    "سلام، وقت شما بخیر. درخواست شما را بررسی کردم.", "مشکل از سمت مرکز مخابرات بود و برطرف شده است.",
    "لطفاً مودم را یک بار ریست کنید و نتیجه را اطلاع دهید.", "مبلغ اضافه تا سه روز کاری به حساب شما برمی‌گردد.",
    "تنظیمات سرویس شما به‌روزرسانی شد.", "برای بررسی دقیق‌تر، شماره‌ی سریال مودم را بفرستید.",
    "همکاران فنی ما امروز با شما تماس می‌گیرند.", "فاکتور رسمی به ایمیل شما ارسال شد.",
    "اگر باز هم مشکل داشتید همین‌جا پاسخ دهید.", "از صبر و شکیبایی شما سپاسگزاریم.",
    "درخواست شما به واحد مالی ارجاع شد.", "سرعت خط شما در تست ما عادی است؛ لطفاً با کابل امتحان کنید.",
)
NOTES = ("مشتری قدیمی است، پیگیری ویژه.", "با مخابرات هماهنگ شد.", "منتظر تأیید واحد مالی.",
         "دو بار تماس گرفتم، پاسخ نداد.", "مشابه تیکت‌های دیگر همین منطقه.")
FAQ = {
    "اینترنت و مودم": [("چرا سرعت اینترنت من پایین است؟", "سرعت را با کابل و بدون برنامه‌های دانلود امتحان کنید."),
                       ("چطور مودم را تنظیم کنم؟", "نام کاربری و رمز عبور سرویس را در صفحه‌ی تنظیمات مودم وارد کنید."),
                       ("چراغ اینترنت مودم قرمز است؛ چه کنم؟", "مودم را خاموش و روشن کنید و سیم تلفن را بررسی کنید.")],
    "صورتحساب و پرداخت": [("قبض ماهانه را از کجا ببینم؟", "در بخش **صورتحساب‌ها** در پنل کاربری."),
                          ("پرداخت انجام شد ولی سرویس فعال نشد", "تا ۷۲ ساعت مبلغ برمی‌گردد یا سرویس فعال می‌شود."),
                          ("چطور فاکتور رسمی بگیرم؟", "مشخصات شرکت را در پروفایل کامل کنید و درخواست دهید.")],
    "حساب کاربری": [("رمز عبورم را فراموش کرده‌ام", "از پیوند «فراموشی رمز» در صفحه‌ی ورود استفاده کنید."),
                    ("شماره موبایلم را چطور عوض کنم؟", "با کارت ملی به یکی از دفاتر مراجعه کنید.")],
}
STATUS_RECENT = {"new": 10, "open": 15, "waiting": 15, "resolved": 25, "closed": 35}
PRIORITY_WEIGHTS = {"low": 2, "normal": 6, "high": 2, "urgent": 1}
CHANNEL_WEIGHTS = {"portal": 55, "phone": 15, "sms": 8, "email": 15, "api": 2, "webform": 5}


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.seed_big", description=__doc__.split("\n")[0])
    parser.add_argument("--database", required=True, help="PostgreSQL URL (recreated) or sqlite:////path (replaced)")
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, help="default: one for every 10 tickets")
    parser.add_argument("--seed", type=int, default=1405)
    parser.add_argument("--extras-only", action="store_true", help="add the admin and the outbox to a seeded database")
    args = parser.parse_args(argv)
    args.customers = args.customers or max(100, args.tickets // 10)
    return args


# ---- the database -----------------------------------------------------------------------------

def fresh_database(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def bench_app(url: str, workdir: Path):
    import gc

    from portal import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False,
                       "PORTAL_UPLOAD_DIR": str(workdir / "uploads"), "PORTAL_SEARCH_INDEX_DIR": str(workdir / "index"),
                       "WTF_CSRF_ENABLED": False, "SERVER_NAME": "bench.local",
                       "PORTAL_TWO_FACTOR_ENFORCED": False})  # the admin would be sent to enrol first
    gc.collect()
    gc.freeze()  # as deploy/gunicorn.conf.py does in each worker: the app's objects stay out of full collections
    return app


def base_rows(app) -> dict:
    """What a real installation has before its first ticket, made through the services: roles, departments,
    topics, staff, the FAQ, the bench customer. Returns the ids the bulk rows refer to."""
    from flask_migrate import upgrade

    from portal.accounts.models import Department
    from portal.accounts.passwords import hash_password
    from portal.accounts.roles import ensure_default_roles
    from portal.accounts.services import create_staff
    from portal.extensions import db
    from portal.faq.models import PUBLISHED, Article, FaqCategory
    from portal.models_base import utcnow
    from portal.tickets.models import Category

    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        ensure_default_roles()
        departments = {code: Department(code=code, name=name) for code, name in
                       (("technical", "پشتیبانی فنی"), ("billing", "مالی"), ("sales", "فروش"))}
        db.session.add_all(departments.values())
        db.session.flush()
        topics = {"technical": ("اینترنت", "مودم و تجهیزات", "اپلیکیشن و پنل"),
                  "billing": ("قبض و پرداخت", "بازگشت وجه"), "sales": ("خرید سرویس", "ارتقا و جابجایی")}
        categories = [Category(name=name, department=departments[code], position=i)
                      for i, (code, names) in enumerate(topics.items()) for name in names]
        db.session.add_all(categories)
        for position, (name, articles) in enumerate(FAQ.items()):
            category = FaqCategory(name=name, position=position)
            db.session.add(category)
            db.session.add_all(Article(category=category, question=q, answer=a, status=PUBLISHED, position=n,
                                       published_at=utcnow()) for n, (q, a) in enumerate(articles))
        db.session.commit()
        staff = {"supervisor": create_staff(email="supervisor@bench.local", full_name="سرپرست پشتیبانی",
                                            password=PASSWORD, role_name="supervisor")}
        agents, names = {code: [] for code in departments}, {}
        for code in departments:
            for n in range(6):
                email = {"technical": "agent", "billing": "billing", "sales": "sales"}[code] if n == 0 else f"{code}{n}"
                agent = create_staff(email=f"{email}@bench.local", password=PASSWORD, role_name="agent",
                                     full_name=f"{FIRST_NAMES[n * 3 % 30]} {LAST_NAMES[n * 7 % 30]}",
                                     department_codes=[code])
                agents[code].append(agent.id)
                names[agent.id] = agent.full_name
        seeded = {"departments": {code: d.id for code, d in departments.items()},
                  "categories": [(c.id, c.department.code) for c in categories], "agents": agents, "names": names,
                  "supervisor": staff["supervisor"].id, "password_hash": hash_password(PASSWORD),
                  "first_customer": (db.session.scalar(text("SELECT max(id) FROM customers")) or 0) + 1}
        db.session.remove()
        db.engine.dispose()
    return seeded


class Writer:
    """COPY on PostgreSQL, executemany on SQLite; one transaction, committed by finish()."""

    def __init__(self, url: str):
        self.engine = create_engine(url)
        self.postgres = self.engine.dialect.name == "postgresql"
        self.raw = self.engine.raw_connection()
        self.conn = self.raw.driver_connection
        if self.postgres:
            # Every id is made here, so the foreign-key triggers would only check what is known to hold.
            self.conn.execute("SET session_replication_role = replica")
            self.conn.execute("SET synchronous_commit = off")
            self.conn.execute("SET maintenance_work_mem = '512MB'")
            self.indexes = self.conn.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY(%s) "
                "AND indexname NOT IN (SELECT conname FROM pg_constraint)", (list(BULK_TABLES),)).fetchall()
            for name, _ in self.indexes:  # built once after the load: much faster than row by row
                self.conn.execute(f'DROP INDEX "{name}"')
        else:
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = OFF")

    def write(self, table: str, columns: tuple, rows: list) -> None:
        if self.postgres:
            with self.conn.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(columns))
            self.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    def finish(self, sequences: list[str]) -> None:
        if self.postgres:
            for _, definition in self.indexes:
                self.conn.execute(definition)
            for table in sequences:
                self.conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))")
        self.conn.commit()
        self.raw.close()
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            # what autovacuum does after a bulk load: statistics, and the visibility map index-only scans use
            conn.execute(text("VACUUM ANALYZE" if self.postgres else "ANALYZE"))
        self.engine.dispose()


# ---- the rows ---------------------------------------------------------------------------------

def national_code(serial: int) -> str:
    digits = [int(d) for d in f"{serial:09d}"]
    remainder = sum(d * (10 - i) for i, d in enumerate(digits)) % 11
    return "".join(map(str, digits)) + str(remainder if remainder < 2 else 11 - remainder)


CUSTOMER_COLUMNS = ("id", "number", "full_name", "mobile", "national_code", "email", "username", "password_hash",
                    "active", "auth_version", "notify_by_email", "notify_by_sms", "created_at", "locale",
                    "mobile_verified_at", "last_login_at")


def customer_rows(first_id: int, count: int, password_hash: str, now: datetime, rng: random.Random):
    rows = []
    for i in range(count):
        created = now - timedelta(minutes=rng.randint(60 * 24 * 30, 60 * 24 * (DAYS + 365)))
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        mobile = BENCH_MOBILE if i == 0 else f"09{rng.choice(('12', '13', '19', '35', '36', '30'))}{i:07d}"
        rows.append((first_id + i, f"{40_000_000 + i}", name if i else "مشتری سنجش", mobile,
                     national_code(100_000_000 + i) if i % 3 else None,
                     f"c{i}@example.ir" if i % 2 else None, f"user{i}" if i % 5 == 0 else None, password_hash,
                     True, 1, True, True, created, "fa" if i % 10 else "en", created,
                     now - timedelta(days=rng.randint(0, 90)) if i % 4 == 0 else None))
    return rows


class Calendar:
    """The SLA calendar's due times and business durations, as opening and answering would store them."""

    def __init__(self, app):
        from portal.tickets.services import sla

        with app.app_context():
            self.cal = sla.calendar()
            self.targets = {p: sla.targets_for(p, None, app.config["PORTAL_SLA_TARGETS"]) for p in PRIORITY_WEIGHTS}
        self.sla = sla
        today = date.today()
        # 1 Farvardin of each Jalali year the tickets span: the number's year prefix
        self.nowruz = [jdatetime.date(y, 1, 1).togregorian() for y in range(jdatetime.date.today().year - 5,
                                                                             jdatetime.date.today().year + 2)]
        self.first_year = jdatetime.date.fromgregorian(date=self.nowruz[0]).year
        self.today = today

    def jalali_year(self, moment: datetime) -> int:
        local = (moment + timedelta(hours=3, minutes=30)).date()
        return self.first_year + bisect.bisect_right(self.nowruz, local) - 1

    def due(self, created: datetime, priority: str) -> tuple[datetime, datetime]:
        return self.sla.due_times(created, self.targets[priority], self.cal)

    def business_seconds(self, start: datetime, end: datetime) -> int:
        from portal.tickets.services.timing import business_seconds_between

        return business_seconds_between(start, end, self.cal)


TICKET_COLUMNS = ("id", "number", "customer_id", "subject", "status", "priority", "channel", "category_id",
                  "department_id", "assignee_id", "created_by_staff_id", "last_activity_at", "customer_seen_at",
                  "first_response_at", "first_response_due_at", "resolution_due_at", "sla_due_at", "resolved_at",
                  "closed_at", "created_at", "first_responder_id", "first_response_business_seconds",
                  "resolution_business_seconds")
MESSAGE_COLUMNS = ("id", "ticket_id", "author_customer_id", "author_staff_id", "body", "is_internal", "channel",
                   "created_at")
EVENT_COLUMNS = ("id", "ticket_id", "actor_kind", "actor_id", "field", "old_value", "new_value", "at")
FEEDBACK_COLUMNS = ("id", "ticket_id", "customer_id", "score", "comment", "created_at", "updated_at")


class TicketMaker:
    def __init__(self, base: dict, calendar: Calendar, customers: int, tickets: int, now: datetime, rng):
        self.base, self.cal, self.now, self.rng = base, calendar, now, rng
        self.first_customer, self.customers = base["first_customer"], customers
        self.numbers = rng.sample(range(1_000_000, 10_000_000), tickets)
        # Ids follow the opening time, as in a real table (the newest tickets at its end): ages in minutes,
        # oldest first. The bench customer's tickets are spread over the last four months.
        self.ages = sorted((rng.randint(5, 60 * 24 * DAYS) for _ in range(tickets)), reverse=True)
        recent = [i for i, age in enumerate(self.ages) if age < 60 * 24 * 120]
        self.bench_own = set(rng.sample(recent, min(BENCH_CUSTOMER_TICKETS, len(recent))))
        self.next_ids = {"messages": 1, "events": 1, "feedback": 1}
        self.statuses, self.status_weights = list(STATUS_RECENT), list(STATUS_RECENT.values())
        self.priorities, self.priority_weights = list(PRIORITY_WEIGHTS), list(PRIORITY_WEIGHTS.values())
        self.channels, self.channel_weights = list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values())

    def text(self, lines, low, high) -> str:
        return " ".join(self.rng.sample(lines, self.rng.randint(low, high)))

    def before_now(self, start: datetime, delay: timedelta) -> datetime:
        """start + delay, or, when that is still to come, a moment between start and now."""
        if start + delay < self.now:
            return start + delay
        return (start + (self.now - start) * self.rng.random()).replace(microsecond=0)

    def _id(self, kind):
        self.next_ids[kind] += 1
        return self.next_ids[kind] - 1

    def batch(self, start: int, stop: int, tickets_total: int):
        """Rows of tickets start..stop-1 (ids start+1..), with their messages, history and ratings."""
        rng, now = self.rng, self.now
        tickets, messages, events, ratings = [], [], [], []
        for i in range(start, stop):
            ticket_id = i + 1
            own = i in self.bench_own
            customer_id = self.first_customer if own else self.first_customer + 1 + rng.randrange(self.customers - 1)
            age = self.ages[i]
            created = (now - timedelta(minutes=age, seconds=rng.randint(0, 59))).replace(microsecond=0)
            if age < RECENT_DAYS * 24 * 60:
                status = rng.choices(self.statuses, self.status_weights)[0]
            else:
                status = "waiting" if rng.random() < 0.003 else "closed"
            priority = rng.choices(self.priorities, self.priority_weights)[0]
            channel = rng.choices(self.channels, self.channel_weights)[0]
            category_id, department = rng.choice(self.base["categories"])
            agents = self.base["agents"][department]
            first_due, resolution_due = self.cal.due(created, priority)
            answered = status != "new"
            agent = rng.choice(agents)
            first_response = self.before_now(created, timedelta(minutes=rng.randint(10, 600))) if answered else None
            ended = status in ("resolved", "closed")
            resolved = self.before_now(first_response, timedelta(minutes=rng.randint(30, 72 * 60))) if ended else None
            closed = self.before_now(resolved, timedelta(days=rng.randint(0, 7))) if status == "closed" else None
            subject = rng.choice(SUBJECTS[department]).format(city=rng.choice(CITIES), month=rng.choice(MONTHS))

            # the conversation: the customer's first message, the agent's answer, then a few more turns
            times = [created]
            messages.append((self._id("messages"), ticket_id, customer_id, None, self.text(CUSTOMER_LINES, 2, 5),
                             False, channel, created))
            if answered:
                messages.append((self._id("messages"), ticket_id, None, agent, self.text(AGENT_LINES, 2, 4), False,
                                 "portal", first_response))
                times.append(first_response)
                end = resolved or now
                for turn in range(rng.choice((0, 0, 1, 1, 1, 2))):
                    at = min(end, self.before_now(first_response, timedelta(minutes=rng.randint(5, 600) * (turn + 1))))
                    from_customer = turn % 2 == 0
                    messages.append((self._id("messages"), ticket_id, customer_id if from_customer else None,
                                     None if from_customer else agent,
                                     self.text(CUSTOMER_LINES if from_customer else AGENT_LINES, 1, 3), False,
                                     channel if from_customer else "portal", at))
                    times.append(at)
                if rng.random() < 0.15:
                    messages.append((self._id("messages"), ticket_id, None, agent, rng.choice(NOTES), True, "portal",
                                     first_response))
            last_activity = max(times + [t for t in (resolved, closed) if t])

            events.append((self._id("events"), ticket_id, "customer", customer_id, "created", None, "new", created))
            if answered:
                events.append((self._id("events"), ticket_id, "staff", agent, "assignee", None, self.base["names"][agent],
                               first_response))
                events.append((self._id("events"), ticket_id, "staff", agent, "status", "new",
                               "open" if ended else status, first_response))
            if resolved:
                events.append((self._id("events"), ticket_id, "staff", agent, "status", "open", "resolved", resolved))
            if closed:
                events.append((self._id("events"), ticket_id, None, None, "status", "resolved", "closed", closed))
                if rng.random() < 0.33:
                    score = rng.choices((1, 2, 3, 4, 5), (4, 4, 10, 30, 52))[0]
                    ratings.append((self._id("feedback"), ticket_id, customer_id, score,
                                    "خیلی سریع جواب دادند، ممنون." if score >= 4 else
                                    ("خوب بود." if score == 3 else "مشکل دیر حل شد."), closed, closed))

            tickets.append((
                ticket_id, f"{self.cal.jalali_year(created) % 100:02d}-{self.numbers[i]}", customer_id, subject,
                status, priority, channel, category_id, self.base["departments"][department],
                agent if answered else None, agent if channel == "phone" else None, last_activity,
                last_activity if status != "waiting" else first_response, first_response, first_due,
                resolution_due, None if ended else (first_due if first_response is None else resolution_due),
                resolved, closed, created, agent if answered else None,
                self.cal.business_seconds(created, first_response) if answered else None,
                self.cal.business_seconds(created, resolved) if resolved else None))
        return tickets, messages, events, ratings


OUTBOX_DAYS = 90  # sent messages older than PORTAL_OUTBOX_KEEP_DAYS are purged by the worker


def add_extras(app, now: datetime) -> int:
    """The admin (who sees the outbox), support contracts, and the outbox of the last 90 days, made by SQL from
    the tickets: an SMS
    for each ticket opened, an e-mail for each answered one with an address, a few dead, the newest pending."""
    from portal.accounts.services import create_staff
    from portal.extensions import db

    with app.app_context():
        if db.session.scalar(text("SELECT count(*) FROM staff_users WHERE email = 'admin@bench.local'")) == 0:
            create_staff(email="admin@bench.local", full_name="مدیر سامانه", password=PASSWORD, role_name="admin")
        if not db.session.scalar(text("SELECT count(*) FROM support_contracts")):
            # one customer in twenty is a business with a yearly support contract, ending any day of the next
            # year or ended within the last six months
            today = now.date()
            rows = [{"customer_id": cid, "title": ("پشتیبانی طلایی", "پشتیبانی نقره‌ای")[cid % 2],
                     "starts_on": today + timedelta(days=(cid * 7) % 540 - 180 - 365),
                     "ends_on": today + timedelta(days=(cid * 7) % 540 - 180), "created_at": now}
                    for (cid,) in db.session.execute(text("SELECT id FROM customers WHERE id % 20 = 0"))]
            db.session.execute(text("INSERT INTO support_contracts (customer_id, title, starts_on, ends_on, created_at) "
                                    "VALUES (:customer_id, :title, :starts_on, :ends_on, :created_at)"), rows)
            db.session.commit()
            db.session.execute(text("ANALYZE support_contracts"))
            db.session.commit()
        if db.session.scalar(text("SELECT count(*) FROM outbox_messages")):
            return 0
        params = {"since": now - timedelta(days=OUTBOX_DAYS), "pending_since": now - timedelta(minutes=30)}
        status = ("CASE WHEN t.created_at > :pending_since THEN 'pending' WHEN t.id % 997 = 0 THEN 'dead' "
                  "ELSE 'sent' END")
        common = (f"{status}, CASE WHEN t.id % 997 = 0 THEN 8 ELSE 1 END, t.created_at, "
                  "CASE WHEN t.id % 997 = 0 THEN 'provider refused the address' END")
        db.session.execute(text(
            "INSERT INTO outbox_messages (channel, template, recipient_kind, recipient_id, to_address, body_text, "
            "status, attempts, next_attempt_at, last_error, created_at, sent_at, ticket_number) "
            "SELECT 'sms', 'ticket_opened', 'customer', c.id, c.mobile, "
            "'پیشخوان: تیکت ' || t.number || ' ثبت شد. پاسخ را در پرتال ببینید.', "
            f"{common}, t.created_at, t.created_at, t.number "
            "FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.created_at > :since"), params)
        db.session.execute(text(
            "INSERT INTO outbox_messages (channel, template, recipient_kind, recipient_id, to_address, subject, "
            "body_text, status, attempts, next_attempt_at, last_error, created_at, sent_at, ticket_number) "
            "SELECT 'email', 'ticket_reply', 'customer', c.id, c.email, '[#' || t.number || '] پاسخ کارشناس', "
            "'پاسخ تازه‌ای برای تیکت شما ثبت شد: ' || t.subject, "
            f"{common}, t.first_response_at, t.first_response_at, t.number "
            "FROM tickets t JOIN customers c ON c.id = t.customer_id "
            "WHERE t.created_at > :since AND t.first_response_at IS NOT NULL AND c.email IS NOT NULL"), params)
        db.session.commit()
        added = db.session.scalar(text("SELECT count(*) FROM outbox_messages"))
        db.session.execute(text("ANALYZE outbox_messages"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return added


def seed(url: str, tickets: int, customers: int, rng: random.Random, workdir: Path, log=print) -> dict:
    from portal.models_base import utcnow

    started = time.perf_counter()
    fresh_database(url)
    app = bench_app(url, workdir)
    base = base_rows(app)
    now = utcnow().replace(microsecond=0)
    calendar = Calendar(app)
    writer = Writer(url)
    writer.write("customers", CUSTOMER_COLUMNS,
                 customer_rows(base["first_customer"], customers, base["password_hash"], now, rng))
    maker = TicketMaker(base, calendar, customers, tickets, now, rng)
    counts = {"customers": customers, "tickets": 0, "ticket_messages": 0, "ticket_events": 0, "ticket_feedback": 0}
    for start in range(0, tickets, CHUNK):
        rows = maker.batch(start, min(tickets, start + CHUNK), tickets)
        for table, columns, batch in zip(("tickets", "ticket_messages", "ticket_events", "ticket_feedback"),
                                         (TICKET_COLUMNS, MESSAGE_COLUMNS, EVENT_COLUMNS, FEEDBACK_COLUMNS), rows):
            writer.write(table, columns, batch)
            counts[table] += len(batch)
        if (start // CHUNK) % 10 == 9:
            log(f"  {counts['tickets']:,} tickets, {time.perf_counter() - started:.0f} s")
    loaded = time.perf_counter() - started
    writer.finish(list(BULK_TABLES))
    counts["outbox_messages"] = add_extras(app, now)
    counts["seconds_loading"] = round(loaded, 1)
    counts["seconds_total"] = round(time.perf_counter() - started, 1)
    return counts


def main(argv=None):
    import tempfile

    args = parse(sys.argv[1:] if argv is None else argv)
    workdir = Path(tempfile.mkdtemp(prefix="pishkhan-seed-"))
    if args.extras_only:
        from portal.models_base import utcnow

        now = utcnow()
        print(f"outbox messages added: {add_extras(bench_app(args.database, workdir), now):,}")
        return
    counts = seed(args.database, args.tickets, args.customers, random.Random(args.seed), workdir)
    print(f"seeded {make_url(args.database).get_backend_name()}: " +
          ", ".join(f"{k} {v:,}" for k, v in counts.items() if not k.startswith("seconds")) +
          f"; rows loaded in {counts['seconds_loading']} s, with VACUUM ANALYZE {counts['seconds_total']} s")


if __name__ == "__main__":
    main()
