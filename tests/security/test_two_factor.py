"""Staff two-step sign-in (TOTP and recovery codes) and re-authentication before sensitive actions."""
import re
import time

import pyotp
import pytest

from portal.accounts import two_factor
from portal.accounts.models import Role
from portal.audit import AuditEntry
from portal.security import permissions_of
from portal.extensions import db
from tests.conftest import TEST_PASSWORD, sign_in_staff

ENFORCED = pytest.mark.app_config(PORTAL_TWO_FACTOR_ENFORCED=True)


def _code(secret, offset=0):
    return pyotp.TOTP(secret).at(time.time() + offset)


def _enrol(app, staff):
    client = app.test_client()
    response = sign_in_staff(client, staff)
    assert response.headers["Location"].endswith("/admin/two-factor/setup")
    page = client.get("/admin/two-factor/setup")
    secret = re.search(r'class="secret-key">([A-Z2-7]+)<', page.get_data(as_text=True)).group(1)
    done = client.post("/admin/two-factor/setup", data={"code": _code(secret)})
    assert done.status_code == 200
    codes = re.findall(r"<code>([0-9a-f]{6}-[0-9a-f]{6})</code>", done.get_data(as_text=True))
    return client, secret, codes


@ENFORCED
def test_an_admin_enrols_at_the_first_sign_in(app, make_staff):
    admin = make_staff(role="admin")
    client = app.test_client()
    assert sign_in_staff(client, admin).headers["Location"].endswith("/admin/two-factor/setup")
    assert client.get("/admin/").status_code == 302  # not signed in yet
    page = client.get("/admin/two-factor/setup")
    html = page.get_data(as_text=True)
    assert 'name="code"' in html and 'src="data:image/svg+xml' in html
    secret = re.search(r'class="secret-key">([A-Z2-7]+)<', html).group(1)
    assert client.post("/admin/two-factor/setup", data={"code": "000000"}).status_code == 400
    done = client.post("/admin/two-factor/setup", data={"code": _code(secret)})
    codes = re.findall(r"<code>([0-9a-f]{6}-[0-9a-f]{6})</code>", done.get_data(as_text=True))
    assert len(set(codes)) == 10
    assert client.get("/admin/").status_code == 200
    stored = [row.code_hash for row in db.session.query(two_factor.RecoveryCode)]
    assert len(stored) == 10 and not any(code in h or code.replace("-", "") in h for code in codes for h in stored)


@ENFORCED
def test_later_sign_ins_ask_for_a_code_that_works_once(app, make_staff):
    admin = make_staff(role="admin")
    _client, secret, _codes = _enrol(app, admin)
    client = app.test_client()
    assert sign_in_staff(client, admin).headers["Location"].endswith("/admin/two-factor/")
    assert client.get("/admin/").status_code == 302
    assert client.post("/admin/two-factor/", data={"code": "123456"}).status_code == 400
    code = _code(secret, 30)  # the enrolment used the current step
    assert client.post("/admin/two-factor/", data={"code": code}).status_code == 302
    assert client.get("/admin/").status_code == 200
    again = app.test_client()
    sign_in_staff(again, admin)
    assert again.post("/admin/two-factor/", data={"code": code}).status_code == 400  # no replay


@ENFORCED
def test_a_recovery_code_signs_in_once(app, make_staff):
    admin = make_staff(role="admin")
    _client, _secret, codes = _enrol(app, admin)
    first = app.test_client()
    sign_in_staff(first, admin)
    assert first.post("/admin/two-factor/", data={"code": codes[3].upper()}).status_code == 302
    second = app.test_client()
    sign_in_staff(second, admin)
    assert second.post("/admin/two-factor/", data={"code": codes[3]}).status_code == 400
    assert two_factor.remaining_recovery_codes(admin) == 9
    methods = [e.details.get("method") for e in db.session.query(AuditEntry).filter_by(action="two_factor.passed")]
    assert "recovery_code" in methods


@ENFORCED
def test_roles_an_admin_marks_must_enrol(app, make_staff, staff_client_in):
    agent = make_staff(role="agent")
    assert sign_in_staff(app.test_client(), agent).headers["Location"].endswith("/admin/")
    admin, _secret, _codes = _enrol(app, make_staff(role="admin"))
    roles = list(db.session.scalars(db.select(Role).order_by(Role.id)))
    data = {"matrix": "1", "two_factor_matrix": "1",
            "grant": [f"{r.id}:{p}" for r in roles for p in sorted(permissions_of(r))],  # as the page posts
            "scoped": [str(r.id) for r in roles if r.department_scoped],
            "two_factor": [str(r.id) for r in roles if r.requires_two_factor or r.name == "agent"]}
    assert admin.post("/admin/access/roles", data=data).status_code == 302
    assert sign_in_staff(app.test_client(), agent).headers["Location"].endswith("/admin/two-factor/setup")


def _age_the_sign_in(client):
    with client.session_transaction() as session:
        session[two_factor.REAUTH_KEY] = int(time.time()) - 11 * 60


def test_sensitive_actions_need_a_recent_sign_in(staff_client_in, seen_customer):
    supervisor = staff_client_in("supervisor")
    assert supervisor.get("/admin/customers/export.csv").status_code == 200  # just signed in
    _age_the_sign_in(supervisor)
    export = supervisor.get("/admin/customers/export.csv")
    assert export.status_code == 302 and "/admin/two-factor/reauth" in export.headers["Location"]
    reveal = supervisor.post(f"/admin/customers/{seen_customer.id}/reveal", data={"field": "mobile"},
                             headers={"Referer": f"http://portal.test/admin/customers/{seen_customer.id}"})
    assert "/admin/two-factor/reauth" in reveal.headers["Location"]
    assert not db.session.query(AuditEntry).filter_by(action="customer.pii_revealed").count()
    wrong = supervisor.post("/admin/two-factor/reauth?next=/admin/customers/export.csv", data={"password": "nope"})
    assert wrong.status_code == 400
    right = supervisor.post("/admin/two-factor/reauth?next=/admin/customers/export.csv",
                            data={"password": TEST_PASSWORD})
    assert right.headers["Location"].endswith("/admin/customers/export.csv")
    assert supervisor.get("/admin/customers/export.csv").status_code == 200


def test_access_levels_need_a_recent_sign_in(staff_client_in):
    admin = staff_client_in("admin")
    assert admin.get("/admin/access/roles").status_code == 200
    _age_the_sign_in(admin)
    assert "/admin/two-factor/reauth" in admin.get("/admin/access/roles").headers["Location"]
    assert "/admin/two-factor/reauth" in admin.post("/admin/access/staff/new", data={}).headers["Location"]


@ENFORCED
def test_a_totp_code_also_re_authenticates(app, make_staff):
    admin = make_staff(role="admin")
    client, secret, _codes = _enrol(app, admin)
    _age_the_sign_in(client)
    response = client.post("/admin/two-factor/reauth?next=/admin/access/roles", data={"code": _code(secret, 30)})
    assert response.headers["Location"].endswith("/admin/access/roles")
    assert client.get("/admin/access/roles").status_code == 200


@ENFORCED
def test_an_admin_resets_a_lost_authenticator(app, make_staff):
    admin, _secret, _codes = _enrol(app, make_staff(role="admin"))
    lost = make_staff(role="admin")
    _enrol(app, lost)
    assert two_factor.is_enrolled(lost)
    response = admin.post(f"/admin/access/staff/{lost.id}/two-factor-reset")
    assert response.status_code == 302 and not two_factor.is_enrolled(lost)
    assert two_factor.remaining_recovery_codes(lost) == 0
    assert sign_in_staff(app.test_client(), lost).headers["Location"].endswith("/admin/two-factor/setup")
