"""Help topics: what the customer picks when opening a ticket; each routes to a department."""
from __future__ import annotations

from sqlalchemy import select

from ... import audit
from ...accounts.models import Department
from ...extensions import db
from ..models import PRIORITIES, Category


def active_categories() -> list[Category]:
    return list(db.session.scalars(
        select(Category).join(Department, Category.department_id == Department.id)
        .where(Category.is_active.is_(True), Department.is_active.is_(True))
        .order_by(Category.position, Category.name)))


def all_categories() -> list[Category]:
    return list(db.session.scalars(select(Category).order_by(Category.position, Category.name)))


def clean_targets(targets: dict | None) -> dict | None:
    """{priority: [first_response_hours, resolution_hours]} with only complete, positive pairs kept."""
    cleaned = {}
    for priority in PRIORITIES:
        pair = (targets or {}).get(priority)
        if pair and all(v is not None and float(v) > 0 for v in pair):
            cleaned[priority] = [float(pair[0]), float(pair[1])]
    return cleaned or None


def save(category: Category | None, *, name, department, position=0, is_active=True, sla_targets=None,
         actor) -> Category:
    created = category is None
    if created:
        category = Category()
        db.session.add(category)
    category.name = " ".join(name.split())
    category.department = department
    category.position = position or 0
    category.is_active = bool(is_active)
    category.sla_targets = clean_targets(sla_targets)
    db.session.flush()
    audit.record(actor, "category.created" if created else "category.updated", category, name=category.name)
    db.session.commit()
    return category
