"""Nobody creates or edits a role or an account wider than their own; only a full admin changes a full admin."""
import pytest

from portal.accounts.models import Role, StaffUser
from portal.accounts.roles import AGENT
from portal.admin import access_services as services
from portal.extensions import db
from portal.security import permissions_of
from tests.conftest import page_text


def _role(name):
    return db.session.scalar(db.select(Role).where(Role.name == name))


def _matrix(changes=None, unscope=()):
    changes = changes or {}
    grants, scoped = [], []
    for role in services.all_roles():
        added, removed = changes.get(role.name, (set(), set()))
        grants += [f"{role.id}:{p}" for p in sorted((permissions_of(role) | added) - removed)]  # as the page posts
        if role.department_scoped and role.name not in unscope:
            scoped.append(str(role.id))
    return {"matrix": "1", "grant": grants, "scoped": scoped}


@pytest.fixture
def manager(make_staff, make_department, sign_in):
    """A department-scoped access manager in one department."""
    role = Role(name="dept-manager", label="مدیر واحد", department_scoped=True)
    role.set_permissions(AGENT | {"access.manage"})
    db.session.add(role)
    db.session.commit()
    department = make_department()
    client = sign_in(make_staff(role="dept-manager", departments=[department]))
    client.department = department
    return client


def test_a_scoped_manager_cannot_create_an_unscoped_role(manager):
    response = manager.post("/admin/access/roles/new", data={"new-name": "wide", "new-label": "گسترده"})
    assert response.status_code == 400
    assert _role("wide") is None
    scoped = manager.post("/admin/access/roles/new",
                          data={"new-name": "narrow", "new-label": "محدود", "new-department_scoped": "y"})
    assert scoped.status_code == 302 and _role("narrow").department_scoped


def test_a_scoped_manager_cannot_touch_roles_above_his_own(manager, make_staff):
    make_staff(role="supervisor")
    # Taking audit.view away from the supervisors, or handing his permissions to an unscoped role.
    for data in (_matrix({"supervisor": (set(), {"audit.view"})}),
                 _matrix({"supervisor": ({"access.manage"}, set())}),
                 _matrix(unscope=("agent",))):
        response = manager.post("/admin/access/roles", data=data)
        assert response.status_code == 400, data
    assert "audit.view" in _role("supervisor").permissions
    assert "access.manage" not in _role("supervisor").permissions
    assert _role("agent").department_scoped
    # A role within his own reach he may still change.
    assert manager.post("/admin/access/roles",
                        data=_matrix({"agent": (set(), {"tickets.assign"})})).status_code == 302
    assert "tickets.assign" not in _role("agent").permissions


def test_a_scoped_manager_cannot_create_accounts_wider_than_his_own(manager, make_department):
    other = make_department()
    narrow = Role(name="narrow", label="محدود", department_scoped=True)
    narrow.set_permissions({"customers.view"})
    unscoped = Role(name="unscoped", label="بی‌مرز", department_scoped=False)
    unscoped.set_permissions({"customers.view"})
    db.session.add_all([narrow, unscoped])
    db.session.commit()

    def create(email, role, departments):
        return manager.post("/admin/access/staff/new", data={
            "email": email, "full_name": "کارمند تازه", "password": "Sabz-Kooh-1405-x",
            "role": role.id, "departments": [d.id for d in departments]})

    for email, role, departments in (("a@pishkhan.ir", narrow, [other]),
                                     ("b@pishkhan.ir", unscoped, [manager.department]),
                                     ("c@pishkhan.ir", _role("admin"), [manager.department]),
                                     ("d@pishkhan.ir", _role("supervisor"), [manager.department])):
        response = create(email, role, departments)
        assert response.status_code == 400, email
        assert db.session.scalar(db.select(StaffUser).where(StaffUser.email == email)) is None
    assert "واحدهایی" in page_text(create("a@pishkhan.ir", narrow, [other]))
    ok = create("e@pishkhan.ir", narrow, [manager.department])
    assert ok.status_code == 302


def test_only_a_full_admin_changes_a_full_admin(manager, make_staff, staff_client_in):
    full_admin = make_staff(role="admin")
    supervisor_manager = Role(name="super-manager", label="مدیر ارشد", department_scoped=False)
    supervisor_manager.set_permissions(set(_role("supervisor").permissions) | {"access.manage"})
    db.session.add(supervisor_manager)
    db.session.commit()
    from tests.conftest import sign_in_staff
    from flask import current_app
    wide = current_app.test_client()
    assert sign_in_staff(wide, make_staff(role="super-manager")).status_code == 302
    for client in (manager, wide):
        for data in ({"full_name": full_admin.full_name, "role": full_admin.role_id},  # disable
                     {"full_name": full_admin.full_name, "role": _role("viewer").id, "active": "y"}):  # demote
            response = client.post(f"/admin/access/staff/{full_admin.id}", data=data)
            assert response.status_code == 400
    admin_now = db.session.get(StaffUser, full_admin.id)
    assert admin_now.active and admin_now.role.name == "admin"
    assert "فقط مدیر کل" in page_text(wide.post(f"/admin/access/staff/{full_admin.id}",
                                                 data={"full_name": "x", "role": full_admin.role_id}))
    # A full admin may.
    admin = staff_client_in("admin")
    response = admin.post(f"/admin/access/staff/{full_admin.id}",
                          data={"full_name": full_admin.full_name, "role": _role("viewer").id, "active": "y"})
    assert response.status_code == 302 and db.session.get(StaffUser, full_admin.id).role.name == "viewer"


def test_a_scoped_manager_cannot_edit_an_account_outside_his_departments(manager, make_staff, make_department):
    outsider = make_staff(role="agent", departments=[make_department()])
    response = manager.post(f"/admin/access/staff/{outsider.id}",
                            data={"full_name": outsider.full_name, "role": outsider.role_id})
    assert response.status_code == 400 and db.session.get(StaffUser, outsider.id).active
    insider = make_staff(role="agent", departments=[manager.department])
    response = manager.post(f"/admin/access/staff/{insider.id}",
                            data={"full_name": insider.full_name, "role": insider.role_id})
    assert response.status_code == 302 and not db.session.get(StaffUser, insider.id).active


def test_a_scoped_manager_cannot_grant_a_permission_he_does_not_hold(manager):
    # The agent role is within his reach, audit.view is not his to give.
    response = manager.post("/admin/access/roles", data=_matrix({"agent": ({"audit.view"}, set())}))
    assert response.status_code == 400
    assert "audit.view" not in _role("agent").permissions


def test_only_a_full_admin_changes_the_admin_roles_two_step_rule(manager, staff_client_in):
    admin_role = _role("admin")
    assert admin_role.requires_two_factor
    data = {**_matrix(), "two_factor_matrix": "1", "two_factor": []}  # every box cleared, the admin's too
    assert manager.post("/admin/access/roles", data=data).status_code == 400
    assert _role("admin").requires_two_factor


def test_a_scoped_manager_cannot_widen_an_account_he_may_edit(manager, make_staff, make_department):
    insider = make_staff(role="agent", departments=[manager.department])
    other = make_department()
    for role, departments in ((_role("supervisor"), [manager.department]), (_role("admin"), [manager.department]),
                              (insider.role, [manager.department, other])):
        response = manager.post(f"/admin/access/staff/{insider.id}", data={
            "full_name": insider.full_name, "role": role.id, "departments": [d.id for d in departments],
            "active": "y"})
        assert response.status_code == 400, role.name
    db.session.expire_all()
    insider = db.session.get(StaffUser, insider.id)
    assert insider.role.name == "agent" and insider.department_ids == {manager.department.id}


def test_a_scoped_manager_cannot_reset_the_authenticator_of_an_admin_or_an_outsider(manager, make_staff,
                                                                                     make_department):
    import pyotp

    from portal.accounts import two_factor
    full_admin = make_staff(role="admin")
    outsider = make_staff(role="agent", departments=[make_department()])
    for person in (full_admin, outsider):
        enrolment = two_factor.start_enrolment(person)
        assert two_factor.confirm_enrolment(person, pyotp.TOTP(enrolment.secret).now())
        manager.post(f"/admin/access/staff/{person.id}/two-factor-reset")
        assert two_factor.is_enrolled(db.session.get(StaffUser, person.id)), person.role.name


def test_a_scoped_manager_changes_only_his_own_departments(manager, make_department):
    from portal.accounts.models import Department
    other = make_department(name="فروش")
    response = manager.post(f"/admin/access/departments/{other.id}", data={"name": "فروش"})  # and inactive
    assert response.status_code == 400 and "خودتان عضو آن‌ها هستید" in page_text(response)
    assert db.session.get(Department, other.id).is_active
    own = manager.post(f"/admin/access/departments/{manager.department.id}",
                       data={"name": "واحد خودم", "is_active": "y"})
    assert own.status_code == 302
    assert db.session.get(Department, manager.department.id).name == "واحد خودم"
