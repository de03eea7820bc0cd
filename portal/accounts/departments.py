"""The one query for department lists: menus, forms and filters all read departments here."""
from sqlalchemy import select

from ..extensions import db
from .models import Department


def list_departments(*, active_only: bool = False, ids=None) -> list[Department]:
    """Departments by name; only the active ones, or only these ids, when asked."""
    query = select(Department).order_by(Department.name)
    if active_only:
        query = query.where(Department.is_active.is_(True))
    if ids is not None:
        if not ids:
            return []
        query = query.where(Department.id.in_(ids))
    return list(db.session.scalars(query))
