"""Search benchmark: Whoosh with the Persian analyzer against SQL LIKE '%...%' on synthetic Persian FAQ articles.

    .venv/bin/python -m bench.search                    # 1k and 10k articles
    .venv/bin/python -m bench.search --quick            # 1k only
    .venv/bin/python -m bench.search --sizes 100000

"ranked" is the query the FAQ pages run (ranked OR, typos, compounds, the default synonym table);
"all words" is the older every-word query (ticket search still asks it).

Everything lives in a temporary directory (SQLite file and index) that is removed at the end.
Prints figures; never passes or fails on time.
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from bench.search_quality import load_queries
from portal.persian import to_persian_digits
from portal.search import IndexSettings, Source, index
from portal.search import synonyms
from portal.search.query import search
from portal.search.schemas import ARTICLE_FIELDS, ARTICLES, article_schema

OBJECTS = ["رمز عبور", "صورتحساب", "مودم", "دامنه", "هاست", "ایمیل", "سرور مجازی", "گواهی SSL", "بستهٔ اینترنت",
           "حساب کاربری", "شمارهٔ موبایل", "فاکتور رسمی", "نسخهٔ پشتیبان", "کنترل‌پنل", "وای‌فای", "پایگاه داده",
           "رکورد DNS", "صندوق ایمیل", "سرویس‌های من", "پرداخت آنلاین"]
INFINITIVES = ["تغییر دهم", "تمدید کنم", "فعال کنم", "بازیابی کنم", "حذف کنم", "ببینم", "تنظیم کنم", "ارتقا دهم",
               "پیدا کنم", "منتقل کنم"]
PROBLEMS = ["قطع می‌شود", "کار نمی‌کند", "کند شده است", "منقضی شده است", "باز نمی‌شود", "خطا می‌دهد",
            "پیدا نمی‌شود", "تأیید نمی‌شود"]
SECTIONS = ["حساب من", "سرویس‌های من", "صورتحساب‌ها", "تنظیمات", "پشتیبانی", "کنترل‌پنل هاست"]
ACTIONS = ["مودم را خاموش و روشن کنید", "یک تیکت باز کنید", "چند دقیقه صبر کنید و دوباره امتحان کنید",
           "رمز تازه بسازید", "حافظهٔ مرورگر را پاک کنید", "کد پیگیری پرداخت را یادداشت کنید",
           "از کابل شبکه به‌جای وای‌فای استفاده کنید", "تنظیمات سرورها را بررسی کنید"]
QUESTIONS = ["چطور {o} را {v}؟", "چرا {o} {p}؟", "{o} {p}؛ چه کنم؟", "آیا می‌توانم {o} را {v}؟"]
SENTENCES = ["برای این کار به بخش «{s}» بروید و {o} را انتخاب کنید.", "اگر {o} {p}، {a}.",
             "این کار معمولاً {n} دقیقه طول می‌کشد.", "پیش از هر تغییری از {o} نسخهٔ پشتیبان بگیرید.",
             "کارشناسان ما در ساعت‌های اداری {o} را بررسی می‌کنند.", "هزینهٔ {o} در {s} آمده است."]

# (query as a person may type it, what differs from the corpus spelling)
VARIANT_QUERIES = [
    ("كنترل پنل", "Arabic kaf, space for ZWNJ"),
    ("سرور مجازي", "Arabic yeh"),
    ("قطع ميشود", "Arabic yeh, no ZWNJ"),
    ("قطع می شود", "space for ZWNJ"),
    ("سرویس های من", "plural with a space"),
    ("صورتحسابها", "plural without ZWNJ"),
    ("دامنه ها", "plural of a singular"),
    ("30 دقیقه", "ASCII digits"),
    ("٣٠ دقیقه", "Arabic-Indic digits"),
    ("رمز عبود", "one-letter typo"),
    ("تمديد", "Arabic yeh"),
    ("حساب كاربري", "Arabic kaf and yeh"),
]
CANONICAL_QUERIES = ["رمز عبور", "قطعی اینترنت", "صورتحساب", "دامنه منقضی", "نسخهٔ پشتیبان", "پرداخت آنلاین",
                     "گواهی SSL", "ایمیل کار نمی‌کند"]


def article(rng: random.Random) -> tuple[str, str]:
    fill = lambda template: template.format(o=rng.choice(OBJECTS), v=rng.choice(INFINITIVES), p=rng.choice(PROBLEMS),
                                            s=rng.choice(SECTIONS), a=rng.choice(ACTIONS),
                                            n=to_persian_digits(rng.choice([5, 10, 15, 30, 45, 60])))
    question = fill(rng.choice(QUESTIONS))
    answer = " ".join(fill(rng.choice(SENTENCES)) for _ in range(rng.randint(3, 6)))
    return question, answer


def seed_database(path: Path, count: int) -> sqlite3.Connection:
    rng = random.Random(1405)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, question TEXT, answer TEXT, status TEXT)")
    conn.executemany("INSERT INTO articles VALUES (?, ?, ?, 'published')",
                     ((i, *article(rng)) for i in range(1, count + 1)))
    conn.commit()
    return conn


def build_index(conn: sqlite3.Connection, directory: Path) -> tuple[IndexSettings, float, int]:
    settings = IndexSettings(str(directory), limitmb=256)
    source = Source(ARTICLES, article_schema(), lambda ids: {}, lambda: [])
    rows = conn.execute("SELECT id, question, answer FROM articles ORDER BY id")
    documents = ((i, {"question": q, "answer": a, "category": "", "status": "published"}) for i, q, a in rows)
    started = time.perf_counter()
    count = index.bulk_add(settings, source, documents, commit_every=25_000)
    return settings, time.perf_counter() - started, count


def like_search(conn: sqlite3.Connection, text: str) -> list[int]:
    """The naive alternative: every word somewhere in the question or the answer."""
    words = text.split()
    where = " AND ".join("(question LIKE ? OR answer LIKE ?)" for _ in words)
    params = [p for w in words for p in (f"%{w}%", f"%{w}%")]
    return [row[0] for row in conn.execute(
        f"SELECT id FROM articles WHERE status = 'published' AND {where} LIMIT 10", params)]


def whoosh_search(settings: IndexSettings, text: str) -> list[int]:
    return search(settings, ARTICLES, text, ARTICLE_FIELDS, hide={"status": "draft"}, per_page=10).ids


# Every sixth query of the evaluation set: how customers type (longer, colloquial, typos).
EVALUATION_QUERIES = [query.text for query in load_queries()][::6]
DEFAULT_SYNONYMS = synonyms.parse("\n".join(synonyms.DEFAULT_GROUPS))


def ranked_search(settings: IndexSettings, text: str) -> list[int]:
    """What portal.faq.finding.search_articles asks the index (without the database rows and the log)."""
    return search(settings, ARTICLES, text, ARTICLE_FIELDS, hide={"status": "draft"}, per_page=10, ranked=True,
                  synonym_groups=DEFAULT_SYNONYMS).ids


def timed(fn, queries, repeat=3, clock=time.perf_counter) -> list[float]:
    times = []
    for _ in range(repeat):
        for q in queries:
            started = clock()
            fn(q)
            times.append((clock() - started) * 1000)
    return times


def pct(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def run(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="pishkhan-bench-") as tmp:
        started = time.perf_counter()
        conn = seed_database(Path(tmp) / "bench.sqlite", count)
        seeded = time.perf_counter() - started
        settings, seconds, indexed = build_index(conn, Path(tmp) / "index")
        print(f"\n== {count:,} articles (seeded in {seeded:.1f}s) ==")
        print(f"index: {indexed:,} documents in {seconds:.1f}s = {indexed / seconds:,.0f} docs/s")

        queries = CANONICAL_QUERIES + [q for q, _ in VARIANT_QUERIES] + EVALUATION_QUERIES
        whoosh_search(settings, queries[0])  # open files once, as a running portal has
        r_times = timed(lambda q: ranked_search(settings, q), queries)
        w_times = timed(lambda q: whoosh_search(settings, q), queries)
        l_times = timed(lambda q: like_search(conn, q), queries)
        w50, w95, l50, l95 = pct(w_times, 50), pct(w_times, 95), pct(l_times, 50), pct(l_times, 95)
        print(f"query latency (ms)   ranked (FAQ pages) p50 {pct(r_times, 50):7.1f}  p95 {pct(r_times, 95):7.1f}")
        # CPU time too: on a machine busy with other work the wall time says more about the neighbours.
        r_cpu = timed(lambda q: ranked_search(settings, q), queries, repeat=1, clock=time.process_time)
        print(f"                     ranked, CPU only   p50 {pct(r_cpu, 50):7.1f}  p95 {pct(r_cpu, 95):7.1f}")
        print(f"                     whoosh all words   p50 {w50:7.1f}  p95 {w95:7.1f}")
        print(f"                     LIKE               p50 {l50:7.1f}  p95 {l95:7.1f}")
        print(f"LIKE / whoosh        p50 x{l50 / w50:.1f}  p95 x{l95 / w95:.1f}")

        print("spelling-variant queries found (at least one article): ranked, LIKE")
        w_found = l_found = 0
        for text, what in VARIANT_QUERIES:
            w_hit, l_hit = bool(ranked_search(settings, text)), bool(like_search(conn, text))
            w_found += w_hit
            l_found += l_hit
            print(f"  {'yes' if w_hit else 'no ':>3} {'yes' if l_hit else 'no ':>3}  {text}  ({what})")
        print(f"  ranked {w_found}/{len(VARIANT_QUERIES)}   LIKE {l_found}/{len(VARIANT_QUERIES)}")
        conn.close()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1k articles only")
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated article counts")
    args = parser.parse_args(argv)
    for count in (1_000,) if args.quick else [int(size) for size in args.sizes.split(",")]:
        run(count)


if __name__ == "__main__":
    main()
