"""Managing access levels: the role matrix, staff accounts and departments.

The rules every change obeys: nobody raises their own access level (own role, own departments, or a
permission they do not hold themselves); nobody creates or edits a role or an account whose permissions or
department scope are wider than their own; only a full admin changes a full admin; and at least one active
staff member keeps access.manage.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import audit
from ..accounts.departments import list_departments
from ..accounts.models import Department, Role, StaffUser
from ..accounts import two_factor
from ..accounts.services import create_staff
from ..extensions import db
from ..persian import normalize_email
from ..security import PERMISSIONS, is_full_admin, permissions_of

MANAGE = "access.manage"


class AccessRuleBroken(ValueError):
    """A change refused by the access rules; str() is the translated reason a person reads."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


CANNOT_GRANT = _l("You cannot grant a permission you do not have yourself.")
CANNOT_WIDEN_SCOPE = _l("You cannot lift a department limit while your own role has one.")
FULL_ADMIN_HOLDS_ALL = _l("The administrator role always holds every permission.")
LAST_ADMIN = _l("At least one active staff member must keep the right to manage access levels.")
OWN_ROLE = _l("You cannot change your own role.")
OWN_DEPARTMENTS = _l("You cannot add yourself to departments.")
OWN_ACCOUNT_DISABLED = _l("You cannot disable your own account.")
EMAIL_TAKEN = _l("Another staff account already uses this e-mail.")
ROLE_NAME_TAKEN = _l("A role with this name already exists.")
ROLE_WIDER = _l("You cannot change a role whose permissions or reach are wider than your own.")
ACCOUNT_WIDER = _l("You cannot change an account whose access is wider than your own.")
OUTSIDE_DEPARTMENTS = _l("You can only give departments you belong to yourself.")
OTHER_DEPARTMENT = _l("You can only change departments you belong to yourself.")
FULL_ADMIN_ONLY = _l("Only a full administrator can change a full administrator.")
DEPARTMENT_CODE_TAKEN = _l("A department with this code already exists.")


def all_roles() -> list[Role]:
    return list(db.session.scalars(select(Role).order_by(Role.id)))


def all_departments() -> list[Department]:
    return list_departments()


def _managers_after(role_permissions: dict[int, set], *, staff_changes=None) -> int:
    """How many active staff would hold access.manage with these role permissions and staff changes."""
    staff_changes = staff_changes or {}
    count = 0
    for staff_id, role_id, active in db.session.execute(select(StaffUser.id, StaffUser.role_id, StaffUser.active)):
        role_id, active = staff_changes.get(staff_id, (role_id, active))
        if active and MANAGE in role_permissions.get(role_id, set()):
            count += 1
    return count


def _role_within(actor, role) -> bool:
    """A role no wider than the actor's own: its permissions held by the actor, and scoped if the actor is."""
    if is_full_admin(actor):
        return True
    if role.grants_all:
        return False
    return permissions_of(role) <= permissions_of(actor.role) and (
        role.department_scoped or not actor.role.department_scoped)


def _departments_within(actor, departments) -> bool:
    """A department-scoped actor only hands out the departments they belong to themselves."""
    if not actor.role.department_scoped or is_full_admin(actor):
        return True
    return {d.id for d in departments} <= actor.department_ids


def _check_account_reach(actor, role, departments) -> None:
    """What an account may be given: a role and departments no wider than the actor's own."""
    if role.grants_all and not is_full_admin(actor):
        raise AccessRuleBroken(FULL_ADMIN_ONLY)
    if not _role_within(actor, role):
        raise AccessRuleBroken(CANNOT_GRANT if permissions_of(role) - permissions_of(actor.role)
                               else CANNOT_WIDEN_SCOPE)
    if not _departments_within(actor, departments):
        raise AccessRuleBroken(OUTSIDE_DEPARTMENTS)


def _current_permissions() -> dict[int, set]:
    return {role.id: set(permissions_of(role)) for role in all_roles()}


# ---- roles --------------------------------------------------------------------------------------

def update_role_matrix(actor, grants: dict[int, set], scoped: set[int], two_factor: set[int] | None = None) -> list[Role]:
    """Set every role's permissions (department limit, two-step sign-in) from the matrix. Returns the changed roles."""
    roles = all_roles()
    before = {role.id: set(permissions_of(role)) for role in roles}
    after = {role.id: set(grants.get(role.id, set())) & set(PERMISSIONS) for role in roles}
    held = permissions_of(actor.role)
    for role in roles:
        touched = after[role.id] != before[role.id] or (role.id in scoped) != role.department_scoped or (
            two_factor is not None and (role.id in two_factor) != role.requires_two_factor)
        if touched and role.grants_all and not is_full_admin(actor):
            raise AccessRuleBroken(FULL_ADMIN_ONLY)
        if after[role.id] - before[role.id] - held:
            raise AccessRuleBroken(CANNOT_GRANT)
        if touched and not _role_within(actor, role):
            raise AccessRuleBroken(ROLE_WIDER)  # e.g. taking audit.view away from a role above one's own
        if role.department_scoped and role.id not in scoped and actor.role.department_scoped \
                and not is_full_admin(actor):
            raise AccessRuleBroken(CANNOT_WIDEN_SCOPE)
    if _managers_after(after) == 0:
        raise AccessRuleBroken(LAST_ADMIN)
    if any(role.grants_all and after[role.id] != set(PERMISSIONS) for role in roles):
        raise AccessRuleBroken(FULL_ADMIN_HOLDS_ALL)

    changed = []
    for role in roles:
        added, removed = sorted(after[role.id] - before[role.id]), sorted(before[role.id] - after[role.id])
        now_scoped = role.id in scoped
        now_two_factor = role.requires_two_factor if two_factor is None else role.id in two_factor
        if not added and not removed and now_scoped == role.department_scoped \
                and now_two_factor == role.requires_two_factor:
            continue
        details = {"role": role.name, "added": added, "removed": removed}
        if now_scoped != role.department_scoped:
            details["department_scoped"] = now_scoped
        if now_two_factor != role.requires_two_factor:
            details["requires_two_factor"] = now_two_factor
            role.requires_two_factor = now_two_factor
        role.set_permissions(after[role.id])
        role.department_scoped = now_scoped
        audit.record(actor, "role.permissions_changed", role, **details)
        changed.append(role)
    db.session.commit()
    return changed


def create_role(actor, *, name, label, department_scoped=True) -> Role:
    name = name.strip().lower()
    if not department_scoped and actor.role.department_scoped and not is_full_admin(actor):
        raise AccessRuleBroken(CANNOT_WIDEN_SCOPE)
    if db.session.scalar(select(Role.id).where(func.lower(Role.name) == name)) is not None:
        raise AccessRuleBroken(ROLE_NAME_TAKEN)
    role = Role(name=name, label=" ".join(label.split()), department_scoped=department_scoped)
    db.session.add(role)
    db.session.flush()
    audit.record(actor, "role.created", role, role=name)
    db.session.commit()
    return role


# ---- staff accounts -----------------------------------------------------------------------------

def create_staff_account(actor, *, email, full_name, password, role, departments=()) -> StaffUser:
    _check_account_reach(actor, role, departments)
    if db.session.scalar(select(StaffUser.id).where(StaffUser.email == normalize_email(email))) is not None:
        raise AccessRuleBroken(EMAIL_TAKEN)
    return create_staff(email=email, full_name=" ".join(full_name.split()), password=password, role_name=role.name,
                        department_codes=[d.code for d in departments], actor=actor)


def update_staff_account(actor, staff, *, full_name, role, departments, active) -> StaffUser:
    """Change a staff account. Disabling ends the person's sessions at their next request."""
    own = staff.id == actor.id
    if is_full_admin(staff) and not is_full_admin(actor):
        raise AccessRuleBroken(FULL_ADMIN_ONLY)
    if not own and not (_role_within(actor, staff.role) and _departments_within(actor, staff.departments)):
        raise AccessRuleBroken(ACCOUNT_WIDER)
    if own and role.id != staff.role_id:
        raise AccessRuleBroken(OWN_ROLE)
    if own and not active:
        raise AccessRuleBroken(OWN_ACCOUNT_DISABLED)
    if own and {d.id for d in departments} - staff.department_ids:
        raise AccessRuleBroken(OWN_DEPARTMENTS)
    if not own:
        _check_account_reach(actor, role, departments)
    if _managers_after(_current_permissions(), staff_changes={staff.id: (role.id, active)}) == 0:
        raise AccessRuleBroken(LAST_ADMIN)

    changes = {}
    full_name = " ".join(full_name.split())
    if full_name != staff.full_name:
        changes["full_name"] = [staff.full_name, full_name]
        staff.full_name = full_name
    if role.id != staff.role_id:
        changes["role"] = [staff.role.name, role.name]
        staff.role = role
    old_codes, new_codes = sorted(d.code for d in staff.departments), sorted(d.code for d in departments)
    if old_codes != new_codes:
        changes["departments"] = [old_codes, new_codes]
        staff.departments = list(departments)
    if changes:
        audit.record(actor, "staff.updated", staff, **changes)
    if staff.active and not active:
        staff.active = False
        staff.auth_version += 1  # the session loader compares it: every open session ends now
        audit.record(actor, "staff.disabled", staff)
    elif active and not staff.active:
        staff.active = True
        audit.record(actor, "staff.enabled", staff)
    db.session.commit()
    return staff


def reset_two_factor(actor, staff) -> None:
    """A lost phone: the person's authenticator and recovery codes are forgotten; he enrols again."""
    if staff.id != actor.id:
        if is_full_admin(staff) and not is_full_admin(actor):
            raise AccessRuleBroken(FULL_ADMIN_ONLY)
        if not (_role_within(actor, staff.role) and _departments_within(actor, staff.departments)):
            raise AccessRuleBroken(ACCOUNT_WIDER)
    two_factor.disable(staff, actor)


# ---- departments --------------------------------------------------------------------------------

def create_department(actor, *, code, name) -> Department:
    code = code.strip().lower()
    if db.session.scalar(select(Department.id).where(Department.code == code)) is not None:
        raise AccessRuleBroken(DEPARTMENT_CODE_TAKEN)
    department = Department(code=code, name=" ".join(name.split()))
    db.session.add(department)
    db.session.flush()
    audit.record(actor, "department.created", department, code=code, name=department.name)
    db.session.commit()
    return department


def update_department(actor, department, *, name, is_active) -> Department:
    if not _departments_within(actor, [department]):  # a department-scoped manager keeps to his own
        raise AccessRuleBroken(OTHER_DEPARTMENT)
    name = " ".join(name.split())
    changes = {}
    if name != department.name:
        changes["name"] = [department.name, name]
        department.name = name
    if bool(is_active) != department.is_active:
        changes["is_active"] = [department.is_active, bool(is_active)]
        department.is_active = bool(is_active)
    if changes:
        audit.record(actor, "department.updated", department, **changes)
    db.session.commit()
    return department
