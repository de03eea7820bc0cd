"""Access levels: changes apply on the next request; nobody raises their own level or removes the last admin."""
import pytest

from portal.accounts.models import Role, StaffUser
from portal.admin import access_services as services
from portal.audit import AuditEntry
from portal.extensions import db
from portal.security import permissions_of
from tests.conftest import page_text


def _role(name):
    return db.session.scalar(db.select(Role).where(Role.name == name))


def _matrix(changes=None):
    """The current matrix as form data, with {role name: (added set, removed set)} applied."""
    changes = changes or {}
    grants, scoped = [], []
    for role in services.all_roles():
        added, removed = changes.get(role.name, (set(), set()))
        grants += [f"{role.id}:{p}" for p in sorted((permissions_of(role) | added) - removed)]  # as the page sends
        if role.department_scoped:
            scoped.append(str(role.id))
    return {"matrix": "1", "grant": grants, "scoped": scoped}


def _actions(action):
    return db.session.query(AuditEntry).filter_by(action=action).all()


def test_a_granted_permission_applies_on_the_next_request(staff_client_in):
    admin = staff_client_in("admin")
    agent = staff_client_in("agent")
    assert agent.get("/admin/customers/export.csv").status_code == 403
    response = admin.post("/admin/access/roles", data=_matrix({"agent": ({"customers.export"}, set())}))
    assert response.status_code == 302
    assert agent.get("/admin/customers/export.csv").status_code == 200  # same session, no new sign-in
    admin.post("/admin/access/roles", data=_matrix({"agent": (set(), {"customers.export"})}))
    assert agent.get("/admin/customers/export.csv").status_code == 403
    changes = _actions("role.permissions_changed")
    assert [(c.details["added"], c.details["removed"]) for c in changes] == [
        (["customers.export"], []), ([], ["customers.export"])]
    assert all(c.actor_id == admin.staff.id and c.target_id == str(_role("agent").id) for c in changes)


def test_nobody_grants_a_permission_they_do_not_hold(make_staff, sign_in):
    manager_role = Role(name="access-manager", label="مدیر دسترسی", department_scoped=False)
    manager_role.set_permissions({"access.manage", "customers.view"})
    db.session.add(manager_role)
    db.session.commit()
    manager = sign_in(make_staff(role="access-manager"))
    own = manager_role.id
    for changes in ({"access-manager": ({"audit.view"}, set())}, {"viewer": ({"customers.view_pii"}, set())}):
        response = manager.post("/admin/access/roles", data=_matrix(changes))
        assert response.status_code == 400
        assert "مجوزی را بدهید که خودتان ندارید" in page_text(response)
    assert db.session.get(Role, own).permissions == {"access.manage", "customers.view"}
    assert "customers.view_pii" not in _role("viewer").permissions
    # Nor hands someone a role above their own.
    other = make_staff(role="viewer")
    response = manager.post(f"/admin/access/staff/{other.id}",
                            data={"full_name": other.full_name, "role": _role("admin").id, "active": "y"})
    assert response.status_code == 400 and db.session.get(StaffUser, other.id).role.name == "viewer"
    created = manager.post("/admin/access/staff/new", data={
        "email": "new@pishkhan.ir", "full_name": "تازه‌وارد", "password": "Sabz-Kooh-1405",
        "role": _role("supervisor").id})
    assert created.status_code == 400 and db.session.query(StaffUser).filter_by(email="new@pishkhan.ir").count() == 0


def test_nobody_changes_their_own_role_departments_or_disables_themselves(staff_client_in, make_department):
    admin = staff_client_in("admin")
    me = admin.staff
    url = f"/admin/access/staff/{me.id}"
    for data in ({"role": _role("viewer").id, "active": "y"},
                 {"role": me.role_id, "active": ""},
                 {"role": me.role_id, "active": "y", "departments": [make_department().id]}):
        response = admin.post(url, data={"full_name": me.full_name, **data})
        assert response.status_code == 400, data
    me = db.session.get(StaffUser, me.id)
    assert (me.role.name, me.active, me.departments) == ("admin", True, [])
    renamed = admin.post(url, data={"full_name": "نام تازه", "role": me.role_id, "active": "y"})
    assert renamed.status_code == 302 and db.session.get(StaffUser, me.id).full_name == "نام تازه"


def test_the_last_admin_cannot_be_removed(staff_client_in, make_staff):
    admin = staff_client_in("admin")
    admin_role = _role("admin")
    response = admin.post("/admin/access/roles", data=_matrix({"admin": (set(), {"access.manage"})}))
    assert response.status_code == 400 and "دست‌کم یک کارمند فعال" in page_text(response)
    assert "access.manage" in _role("admin").permissions

    second = make_staff(role="admin")
    # With a second admin the first may demote them; then the first is the last admin and cannot be disabled.
    assert admin.post(f"/admin/access/staff/{second.id}", data={
        "full_name": second.full_name, "role": _role("supervisor").id, "active": "y"}).status_code == 302
    assert db.session.get(StaffUser, second.id).role.name == "supervisor"
    with pytest.raises(services.AccessRuleBroken):
        services.update_staff_account(second, db.session.get(StaffUser, admin.staff.id), full_name="x",
                                      role=admin_role, departments=[], active=False)


def test_last_admin_rule_counts_only_active_staff(make_staff):
    active_admin, disabled_admin = make_staff(role="admin"), make_staff(role="admin")
    disabled_admin.active = False
    db.session.commit()
    with pytest.raises(services.AccessRuleBroken):
        services.update_staff_account(disabled_admin, active_admin, full_name=active_admin.full_name,
                                      role=_role("viewer"), departments=[], active=True)


def test_disabling_ends_the_session_at_the_next_request(staff_client_in, make_department):
    admin = staff_client_in("admin")
    department = make_department()
    agent = staff_client_in("agent", department)
    assert agent.get("/admin/").status_code == 200
    version = agent.staff.auth_version
    response = admin.post(f"/admin/access/staff/{agent.staff.id}", data={
        "full_name": agent.staff.full_name, "role": _role("agent").id, "departments": [department.id]})
    assert response.status_code == 302
    refused = agent.get("/admin/")
    assert refused.status_code == 302 and "/admin/login" in refused.headers["Location"]
    staff = db.session.get(StaffUser, agent.staff.id)
    assert staff.active is False and staff.auth_version == version + 1
    assert [e.target_id for e in _actions("staff.disabled")] == [str(staff.id)]


def test_staff_accounts_are_created_and_changed_with_audit_rows(staff_client_in, make_department):
    admin = staff_client_in("admin")
    billing, sales = make_department(), make_department()
    response = admin.post("/admin/access/staff/new", data={
        "email": "Sara@Pishkhan.ir", "full_name": "سارا محمدی", "password": "Sabz-Kooh-1405",
        "role": _role("agent").id, "departments": [billing.id]})
    assert response.status_code == 302, page_text(response)
    sara = db.session.scalar(db.select(StaffUser).where(StaffUser.email == "sara@pishkhan.ir"))
    assert sara.department_ids == {billing.id}
    admin.post(f"/admin/access/staff/{sara.id}", data={
        "full_name": "سارا محمدی", "role": _role("viewer").id, "departments": [billing.id, sales.id], "active": "y"})
    sara = db.session.get(StaffUser, sara.id)
    assert sara.role.name == "viewer" and sara.department_ids == {billing.id, sales.id}
    created, updated = _actions("staff.created")[-1], _actions("staff.updated")[-1]
    assert created.actor_id == admin.staff.id and created.target_id == str(sara.id)
    assert updated.details["role"] == ["agent", "viewer"]
    duplicate = admin.post("/admin/access/staff/new", data={
        "email": "sara@pishkhan.ir", "full_name": "دیگری", "password": "Sabz-Kooh-1405", "role": _role("agent").id})
    assert duplicate.status_code == 400 and "این ایمیل" in page_text(duplicate)


def test_roles_and_departments_are_created_with_audit_rows(staff_client_in):
    admin = staff_client_in("admin")
    assert admin.post("/admin/access/roles/new", data={"new-name": "auditor", "new-label": "حسابرس",
                                                       "new-department_scoped": "y"}).status_code == 302
    assert _role("auditor").department_scoped and _role("auditor").permissions == frozenset()
    assert admin.post("/admin/access/roles/new", data={"new-name": "Auditor", "new-label": "x"}).status_code == 400
    assert admin.post("/admin/access/departments", data={"code": "legal", "name": "حقوقی"}).status_code == 302
    taken = admin.post("/admin/access/departments", data={"code": "legal", "name": "دیگر"})
    assert taken.status_code == 400
    assert [e.details["code"] for e in _actions("department.created")] == ["legal"]
    assert [e.details["role"] for e in _actions("role.created")] == ["auditor"]


def test_access_pages_show_labels(staff_client_in):
    text = page_text(staff_client_in("admin").get("/admin/access/roles"))
    assert "مدیریت سطوح دسترسی" in text and "دیدن اطلاعات شخصی" in text and "مدیر سامانه" in text
