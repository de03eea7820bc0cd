"""A permission added by an upgrade can be granted at once: the administrator role holds every registered one."""
import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from portal import create_app, security
from portal.accounts.models import Role
from portal.extensions import db
from tests.conftest import page_text

NEW = "tests.added_by_upgrade"


@pytest.fixture
def added_permission():
    security.register_permissions({NEW: ("مجوز تازه", "مجوزی که ارتقا آورده است")})
    yield NEW
    security.PERMISSIONS.pop(NEW, None)


def _role(name):
    return db.session.scalar(db.select(Role).where(Role.name == name))


def test_an_upgraded_database_gives_the_admin_role_every_permission(empty_database_url, tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database_url,
                      "PORTAL_SEARCH_INDEX_DIR": str(tmp_path / "index")})
    with app.app_context():
        upgrade(revision="0007")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO roles (name, label, department_scoped) VALUES "
                              "('admin', 'Administrator', false), ('agent', 'Agent', true)"))
        upgrade()
        rows = dict(db.session.execute(text("SELECT name, grants_all FROM roles")).all())
        db.session.remove()
        db.engine.dispose()
    assert {name: bool(flag) for name, flag in rows.items()} == {"admin": True, "agent": False}


def test_a_new_permission_is_granted_through_the_page(staff_client_in, added_permission):
    admin = staff_client_in("admin")
    supervisor = staff_client_in("supervisor")
    assert security.can(admin.staff, added_permission)
    assert not security.can(supervisor.staff, added_permission)

    page = admin.get("/admin/access/roles")
    assert page.status_code == 200 and "مجوز تازه" in page_text(page)

    grants = [f"{role.id}:{p}" for role in db.session.scalars(db.select(Role))
              for p in security.permissions_of(role)]
    grants.append(f"{_role('supervisor').id}:{added_permission}")
    scoped = [str(r.id) for r in db.session.scalars(db.select(Role)) if r.department_scoped]
    response = admin.post("/admin/access/roles", data={"matrix": "1", "grant": grants, "scoped": scoped})
    assert response.status_code == 302
    db.session.expire_all()
    assert added_permission in _role("supervisor").permissions
    assert security.can(db.session.merge(supervisor.staff), added_permission)


def test_the_admin_role_cannot_lose_a_permission(staff_client_in):
    admin = staff_client_in("admin")
    admin_role = _role("admin")
    grants = [f"{role.id}:{p}" for role in db.session.scalars(db.select(Role))
              for p in security.permissions_of(role) if not (role.id == admin_role.id and p == "customers.export")]
    response = admin.post("/admin/access/roles", data={"matrix": "1", "grant": grants})
    assert response.status_code == 400
    assert security.can(admin.staff, "customers.export")


def test_every_permission_a_route_asks_for_is_registered(app):
    """Each feature registers what it declares; a view asking for an unknown permission would raise."""
    from portal.accounts.roles import DEFAULT_ROLES
    for _label, _scoped, grants in DEFAULT_ROLES.values():
        assert grants <= set(security.PERMISSIONS)
    assert {"tickets.reply", "customers.view_pii", "faq.edit", "reports.view", "access.manage"} <= set(security.PERMISSIONS)
