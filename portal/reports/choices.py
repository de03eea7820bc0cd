"""The options of the filter form: departments, channels, agents and help topics the reader may pick."""
from sqlalchemy import select

from .. import security
from ..accounts.models import Department, StaffUser
from ..extensions import db
from ..tickets.labels import CHANNEL_LABELS
from ..tickets.models import CHANNELS, Category
from .filters import choices


def fill(form, user) -> None:
    scoped = not security.can(user, "tickets.view_all")
    departments = select(Department).where(Department.is_active.is_(True)).order_by(Department.name)
    topics = select(Category).where(Category.is_active.is_(True)).order_by(Category.name)
    staff = select(StaffUser).where(StaffUser.active.is_(True)).order_by(StaffUser.full_name)
    if scoped:
        mine = list(user.department_ids or [-1])
        departments = departments.where(Department.id.in_(mine))
        topics = topics.where(Category.department_id.in_(mine))
        staff = staff.where(StaffUser.departments.any(Department.id.in_(mine)))
    form.department.choices = choices([("", "—")] + [(d.id, d.name) for d in db.session.scalars(departments)])
    form.topic.choices = choices([("", "—")] + [(c.id, c.name) for c in db.session.scalars(topics)])
    form.agent.choices = choices([("", "—")] + [(s.id, s.full_name) for s in db.session.scalars(staff)])
    form.channel.choices = choices([("", "—")] + [(c, CHANNEL_LABELS[c]) for c in CHANNELS])
