"""FAQ search quality: recall@1, recall@3 and MRR of Persian queries typed the way customers type them.

    .venv/bin/python -m bench.search_quality                       # SQLite (so Whoosh), a temporary database
    .venv/bin/python -m bench.search_quality --database postgresql+psycopg://postgres@127.0.0.1:5432/NAME
    .venv/bin/python -m bench.search_quality --misses              # also list the queries that missed
    .venv/bin/python -m bench.search_quality --queries tests/search/evaluation/holdout.tsv

The articles and queries are in tests/search/evaluation/ (articles.json, queries.tsv, and holdout.tsv: queries
written after the search was tuned and never tuned on, reported apart as a check on over-fitting). Each fixture (the demo
FAQ, the larger support FAQ) is loaded into an empty FAQ with the default synonym table, and every query goes
through portal.faq.finding.search_articles, the function behind the search page, the home box and the API,
so the search backend is whichever the app picks for that database. --database (or PORTAL_TEST_DATABASE_URL)
names a database whose tables are dropped and created again: never point it at one you keep.
The suite's gate is tests/search/test_search_quality.py.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "search" / "evaluation"
FIXTURES = ("demo", "support")
CUTOFF = 10  # ranks beyond the first page count as not found


@dataclass(frozen=True)
class Query:
    kind: str
    slug: str
    text: str


@dataclass(frozen=True)
class Outcome:
    fixture: str
    query: Query
    rank: int | None  # 1 = first; None = not on the first page
    top: tuple[str, ...]  # slugs of the first three results, to show what came instead


def load_articles(path: Path = DATA / "articles.json") -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def load_queries(path: Path = DATA / "queries.tsv") -> list[Query]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    return [Query(*row) for row in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


def fixture_of(data: dict) -> dict[str, str]:
    """slug -> the fixture it belongs to."""
    return {**{slug: "demo" for slug in data["demo"]}, **{a["slug"]: "support" for a in data["support"]}}


def _support_import(data: dict) -> dict:
    categories: dict[str, list[dict]] = {}
    for article in data["support"]:
        categories.setdefault(article["category"], []).append(article)
    return {"version": 1, "categories": [
        {"name": name, "position": i, "articles": [
            {"question": a["question"], "answer": a["answer"], "status": "published", "position": j}
            for j, a in enumerate(items)]}
        for i, (name, items) in enumerate(categories.items())]}


def load_fixture(name: str, data: dict) -> dict[str, int]:
    """Imports one fixture into the current app's (empty) FAQ and reindexes; returns slug -> article id."""
    from flask import current_app
    from sqlalchemy import select

    from portal.extensions import db
    from portal.faq import demo
    from portal.faq.models import Article
    from portal.faq.transfer import import_faq
    from portal.search import sync

    if name == "demo":
        import_faq(demo.as_import_data())
        questions = data["demo"]
    else:
        import_faq(_support_import(data))
        questions = {a["slug"]: a["question"] for a in data["support"]}
    sync.reindex(current_app)
    ids = dict(db.session.execute(select(Article.question, Article.id)).all())
    missing = [slug for slug, question in questions.items() if question not in ids]
    if missing:
        raise LookupError(f"articles of fixture {name!r} not found (changed in the demo FAQ?): {missing}")
    return {slug: ids[question] for slug, question in questions.items()}


def seed_default_synonyms() -> None:
    """The synonym table as a new installation has it."""
    from portal.search import synonyms

    synonyms.replace_all(synonyms.parse("\n".join(synonyms.DEFAULT_GROUPS)))


def clear_faq() -> None:
    """Every article and category goes, through the same service path as an editor's delete, and the index follows."""
    from flask import current_app
    from sqlalchemy import delete

    from portal.extensions import db
    from portal.faq.models import Article, ArticleVote, FaqCategory, SuggestionOpen
    from portal.search import sync

    for article in db.session.scalars(db.select(Article)):
        db.session.delete(article)
    db.session.flush()
    db.session.execute(delete(ArticleVote))
    db.session.execute(delete(SuggestionOpen))
    db.session.execute(delete(FaqCategory))
    db.session.commit()
    sync.reindex(current_app)


def run_fixture(name: str, data: dict, queries: list[Query]) -> list[Outcome]:
    """In an app context with an empty FAQ: load the fixture, ask every query of it, leave the FAQ empty again."""
    from portal.faq import finding

    owner = fixture_of(data)
    ids = load_fixture(name, data)
    slugs = {article_id: slug for slug, article_id in ids.items()}
    outcomes = []
    for query in queries:
        if owner[query.slug] != name:
            continue
        found = [slugs.get(found.item.id, "?") for found in finding.search_articles(query.text, per_page=CUTOFF).items]
        rank = found.index(query.slug) + 1 if query.slug in found else None
        outcomes.append(Outcome(name, query, rank, tuple(found[:3])))
    clear_faq()
    return outcomes


def evaluate(data: dict | None = None, queries: list[Query] | None = None) -> list[Outcome]:
    """Every fixture in turn, in the current app context (an empty FAQ); the synonym table is reset to the defaults."""
    data = data or load_articles()
    queries = queries or load_queries()
    seed_default_synonyms()
    return [outcome for name in FIXTURES for outcome in run_fixture(name, data, queries)]


@dataclass(frozen=True)
class Scores:
    count: int
    recall_1: float
    recall_3: float
    mrr: float


def scores(outcomes: list[Outcome]) -> Scores:
    n = len(outcomes)
    if not n:
        return Scores(0, 0.0, 0.0, 0.0)
    return Scores(n, sum(o.rank == 1 for o in outcomes) / n, sum(o.rank is not None and o.rank <= 3 for o in outcomes) / n,
                  sum(1 / o.rank for o in outcomes if o.rank) / n)


def by(outcomes: list[Outcome], key) -> dict[str, Scores]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[key(outcome)].append(outcome)
    return {name: scores(group) for name, group in sorted(groups.items())}


def report(outcomes: list[Outcome], label: str, *, misses: bool = False) -> str:
    lines = [f"== FAQ search quality: {label} ==",
             f"{'':22} {'queries':>7} {'R@1':>6} {'R@3':>6} {'MRR':>6}"]

    def row(name, s):
        lines.append(f"{name:22} {s.count:7d} {s.recall_1:6.3f} {s.recall_3:6.3f} {s.mrr:6.3f}")

    for name, s in by(outcomes, lambda o: o.query.kind).items():
        row(name, s)
    lines.append("")
    for name, s in by(outcomes, lambda o: o.fixture).items():
        row(f"fixture {name}", s)
    row("overall", scores(outcomes))
    if misses:
        lines.append("\nnot in the first three (kind, expected, query -> first three found):")
        for o in outcomes:
            if o.rank is None or o.rank > 3:
                lines.append(f"  {o.query.kind:18} {o.query.slug:20} {o.query.text}  -> {', '.join(o.top) or '-'}"
                             f"  (rank {o.rank or '-'})")
    return "\n".join(lines)


def _app(database_url: str, index_dir: str):
    from portal import create_app
    from portal.extensions import db

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": database_url,
                      "PORTAL_SEARCH_INDEX_DIR": index_dir, "RATELIMIT_ENABLED": False, "SERVER_NAME": "portal.test"})
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=os.environ.get("PORTAL_TEST_DATABASE_URL"),
                        help="SQLAlchemy URL of a scratch database (default: a temporary SQLite file)")
    parser.add_argument("--misses", action="store_true", help="list the queries whose article was not in the top three")
    parser.add_argument("--queries", type=Path, action="append",
                        help="a queries file (default: queries.tsv, then holdout.tsv, each reported apart)")
    parser.add_argument("--quick", action="store_true", help="(accepted for `python -m bench --quick`)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pishkhan-quality-") as tmp:
        url = args.database or f"sqlite:///{Path(tmp) / 'quality.sqlite'}"
        app = _app(url, str(Path(tmp) / "index"))
        with app.app_context():
            from portal.extensions import db

            backend = app.config.get("PORTAL_SEARCH_BACKEND", "whoosh")
            label = f"{db.engine.dialect.name}, search backend {backend}"
            for path in args.queries or [DATA / "queries.tsv", DATA / "holdout.tsv"]:
                outcomes = evaluate(queries=load_queries(path))
                print(report(outcomes, f"{path.name}, {label}", misses=args.misses), end="\n\n")
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
