"""Each default role against each back-office page and action: allowed, or 403. Anonymous people are sent
to the staff login; signed-in customers get 403 everywhere."""
import pytest

from portal.accounts.models import Department, Role, StaffUser
from portal.accounts.roles import ensure_default_roles
from portal.customers.models import CustomFieldDefinition
from portal.extensions import db
from portal.security import permissions_of

ROLES = ("admin", "supervisor", "agent", "viewer")
EVERYONE = set(ROLES)

# (method, path template, form data, roles allowed). {customer}, {staff}, {department} are filled per test.
ROUTES = [
    ("GET", "/admin/", None, EVERYONE),
    ("GET", "/admin/customers/", None, EVERYONE),
    ("GET", "/admin/customers/?q=زهرا", None, EVERYONE),
    ("GET", "/admin/customers/search.json?q=zahra", None, EVERYONE),
    ("GET", "/admin/customers/{customer}", None, EVERYONE),
    ("POST", "/admin/customers/{customer}/reveal", {"field": "mobile"}, {"admin", "supervisor"}),
    ("POST", "/admin/customers/{customer}/contracts",
     {"title": "پایه", "starts_on": "1405/01/01", "ends_on": "1405/12/29"}, {"admin", "supervisor", "agent"}),
    ("POST", "/admin/customers/{customer}/interactions",
     {"kind": "call", "direction": "in", "summary": "تماس"}, {"admin", "supervisor", "agent"}),
    ("POST", "/admin/customers/{customer}/fields", {"field_{field}": "تهران"}, {"admin", "supervisor", "agent"}),
    ("GET", "/admin/customers/export.csv", None, {"admin", "supervisor"}),
    ("GET", "/admin/customers/fields", None, {"admin"}),
    ("POST", "/admin/customers/fields", {"label": "شهر محل کار", "kind": "text"}, {"admin"}),
    ("GET", "/admin/access/roles", None, {"admin"}),
    ("POST", "/admin/access/roles", {"matrix": "1"}, {"admin"}),  # filled with the current matrix below
    ("POST", "/admin/access/roles/new", {"new-name": "auditor", "new-label": "حسابرس"}, {"admin"}),
    ("GET", "/admin/access/staff", None, {"admin"}),
    ("GET", "/admin/access/staff/new", None, {"admin"}),
    ("GET", "/admin/access/staff/{staff}", None, {"admin"}),
    ("POST", "/admin/access/staff/{staff}", {"full_name": "کارمند دیگر", "role": "{viewer_role}", "active": "y"},
     {"admin"}),
    ("GET", "/admin/access/departments", None, {"admin"}),
    ("POST", "/admin/access/departments", {"code": "legal", "name": "حقوقی"}, {"admin"}),
    ("GET", "/admin/access/departments/{department}", None, {"admin"}),
    ("GET", "/admin/audit", None, {"admin", "supervisor"}),
    ("GET", "/admin/audit?action=customer.viewed&date_from=1400/01/01", None, {"admin", "supervisor"}),
]


@pytest.fixture
def targets(make_customer, make_department, make_category, make_ticket):
    department = make_department()
    customer = make_customer(full_name="زهرا موسوی", username="zahra", password=None)
    make_ticket(customer=customer, category=make_category(department=department))
    ensure_default_roles()
    viewer_role = db.session.scalar(db.select(Role).where(Role.name == "viewer"))
    other = StaffUser(email="other@pishkhan.test", full_name="کارمند دیگر", password_hash="!", role=viewer_role)
    field = CustomFieldDefinition(label="شهر", kind="text", options=[])
    db.session.add_all([other, field])
    db.session.commit()
    return {"customer": customer.id, "staff": other.id, "department": department.id,
            "field": field.id, "viewer_role": viewer_role.id}


def _fill(value, targets):
    return value.format(**targets) if isinstance(value, str) else value


def _current_matrix():
    from portal.admin.access_services import all_roles

    grants = [f"{role.id}:{p}" for role in all_roles() for p in sorted(permissions_of(role))]  # as the page posts
    scoped = [str(role.id) for role in all_roles() if role.department_scoped]
    return {"matrix": "1", "grant": grants, "scoped": scoped}


def _request(client, method, path, data, targets):
    path = _fill(path, targets)
    if method == "GET":
        return client.get(path)
    data = {_fill(k, targets): _fill(v, targets) for k, v in (data or {}).items()}
    if path == "/admin/access/roles":
        data = _current_matrix()
    return client.post(path, data=data)


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(staff_client_in, targets, subtests, role):
    """One signed-in person per role walks every route (an allowed change happens once, so the walk is safe)."""
    client = staff_client_in(role, db.session.get(Department, targets["department"]))
    for method, path, data, allowed in ROUTES:
        with subtests.test(method=method, path=path):
            response = _request(client, method, path, data, targets)
            if role in allowed:
                assert response.status_code in (200, 302), response.get_data(as_text=True)[-1500:]
            else:
                assert response.status_code == 403


def test_anonymous_is_sent_to_the_staff_login(client, targets, subtests):
    for method, path, data, _allowed in ROUTES:
        with subtests.test(method=method, path=path):
            response = _request(client, method, path, data, targets)
            if method == "POST":  # no session, so no CSRF token that could be valid: refused before the view
                assert response.status_code in (302, 400)
            else:
                assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_customers_are_refused_everywhere(customer_client, targets, subtests):
    for method, path, data, _allowed in ROUTES:
        with subtests.test(method=method, path=path):
            assert _request(customer_client, method, path, data, targets).status_code == 403


def test_disabled_staff_is_refused_by_the_policy_even_with_a_role(staff_client_in, targets):
    client = staff_client_in("admin")
    staff = db.session.get(StaffUser, client.staff.id)
    staff.active = False
    db.session.commit()
    response = client.get("/admin/customers/")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]
