"""FAQ import and export as JSON (the format is described in README.md).

{"version": 1, "categories": [{"name": ..., "description": ..., "position": 0,
  "articles": [{"question": ..., "answer": "Markdown", "status": "published" | "draft", "position": 0}]}]}

Import is all or nothing: the whole file is checked first, and a category (by name) or an article
(by category and question) that exists already is updated rather than duplicated.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from ..models_base import utcnow
from .models import PUBLISHED, STATUSES, Article, FaqCategory

FORMAT_VERSION = 1


class ImportProblem(ValueError):
    """The file is not a valid FAQ export; the message lists what is wrong and where."""


@dataclass(frozen=True)
class ImportReport:
    categories_created: int
    articles_created: int
    articles_updated: int


def export_faq() -> dict:
    out = []
    for category in db.session.scalars(select(FaqCategory).order_by(FaqCategory.position, FaqCategory.id)):
        out.append({
            "name": category.name, "description": category.description, "position": category.position,
            "articles": [{"question": a.question, "answer": a.answer, "status": a.status, "position": a.position}
                         for a in sorted(category.articles, key=lambda a: (a.position, a.id))],
        })
    return {"version": FORMAT_VERSION, "categories": out}


def _check(data) -> list[str]:
    problems = []
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
        return [f"the file must be an object with \"version\": {FORMAT_VERSION}"]
    categories = data.get("categories")
    if not isinstance(categories, list):
        return ["\"categories\" must be a list"]
    for i, category in enumerate(categories, 1):
        where = f"category {i}"
        if not isinstance(category, dict) or not str(category.get("name") or "").strip():
            problems.append(f"{where}: a name is required")
            continue
        if not isinstance(category.get("position", 0), int):
            problems.append(f"{where}: position must be a whole number")
        articles = category.get("articles", [])
        if not isinstance(articles, list):
            problems.append(f"{where}: \"articles\" must be a list")
            continue
        for j, article in enumerate(articles, 1):
            spot = f"{where}, article {j}"
            if not isinstance(article, dict):
                problems.append(f"{spot}: must be an object")
                continue
            for key in ("question", "answer"):
                if not str(article.get(key) or "").strip():
                    problems.append(f"{spot}: {key} is required")
            if len(str(article.get("question") or "")) > 300:
                problems.append(f"{spot}: the question is longer than 300 characters")
            if article.get("status", PUBLISHED) not in STATUSES:
                problems.append(f"{spot}: status must be one of {', '.join(STATUSES)}")
            if not isinstance(article.get("position", 0), int):
                problems.append(f"{spot}: position must be a whole number")
    return problems


def import_faq(data) -> ImportReport:
    problems = _check(data)
    if problems:
        raise ImportProblem("; ".join(problems))
    created_categories = created = updated = 0
    for entry in data["categories"]:
        name = entry["name"].strip()
        category = db.session.scalar(select(FaqCategory).where(FaqCategory.name == name))
        if category is None:
            category = FaqCategory(name=name)
            db.session.add(category)
            created_categories += 1
        category.description = entry.get("description") or None
        category.position = entry.get("position", 0)
        db.session.flush()
        for item in entry.get("articles", []):
            question = item["question"].strip()
            article = db.session.scalar(select(Article).where(Article.category_id == category.id,
                                                              Article.question == question))
            if article is None:
                article = Article(category=category, question=question)
                db.session.add(article)
                created += 1
            else:
                updated += 1
            article.answer = item["answer"].strip()
            article.status = item.get("status", PUBLISHED)
            article.position = item.get("position", 0)
            if article.status == PUBLISHED and not article.published_at:
                article.published_at = utcnow()
    db.session.commit()
    return ImportReport(created_categories, created, updated)
