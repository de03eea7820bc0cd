"""Without customers.view_pii the full national code and mobile never reach the response bytes."""
import csv
import io

import pytest
from flask import render_template

from portal.accounts.models import Role
from portal.audit import AuditEntry
from portal.extensions import db
from portal.persian import to_persian_digits

MOBILE, NATIONAL_CODE = "09121234567", "0012345679"
FULL_VALUES = [MOBILE, NATIONAL_CODE, to_persian_digits(MOBILE), to_persian_digits(NATIONAL_CODE)]


def assert_no_full_values(data: bytes):
    for value in FULL_VALUES:
        assert value.encode("utf-8") not in data, value


@pytest.fixture
def exporter_without_pii(make_staff, sign_in):
    """A role that may export but not see personal data."""
    role = Role(name="exporter", label="خروجی‌گیر", department_scoped=False)
    role.set_permissions({"customers.view", "customers.export"})
    db.session.add(role)
    db.session.commit()
    return sign_in(make_staff(role="exporter"))


@pytest.mark.parametrize("role", ["agent", "viewer"])
def test_profile_search_and_json_are_masked(staff_client_in, seen_customer, role):
    client = staff_client_in(role, seen_customer.department)
    profile = client.get(f"/admin/customers/{seen_customer.id}")
    assert profile.status_code == 200
    assert_no_full_values(profile.data)
    assert "\u2066۰۹۱۲…۴۵۶۷\u2069" in profile.get_data(as_text=True)
    assert "\u2066۰۰۱…۷۹\u2069" in profile.get_data(as_text=True)
    by_name = client.get("/admin/customers/", query_string={"q": "زهرا"})
    assert "زهرا موسوی" in by_name.get_data(as_text=True)
    assert_no_full_values(by_name.data)
    found = client.get("/admin/customers/search.json", query_string={"q": "زهرا"})
    assert found.get_json()["results"][0]["mobile"] == "\u2066۰۹۱۲…۴۵۶۷\u2069"
    assert_no_full_values(found.data)


# Only holders of customers.view_pii find a customer by mobile or national code (tests/security covers the rest).
@pytest.mark.parametrize("role", ["supervisor"])
def test_searching_by_one_identifier_reveals_no_other(staff_client_in, seen_customer, role):
    client = staff_client_in(role, seen_customer.department)
    by_mobile = client.get("/admin/customers/", query_string={"q": to_persian_digits(MOBILE)})
    assert "زهرا موسوی" in by_mobile.get_data(as_text=True)
    for value in (NATIONAL_CODE, to_persian_digits(NATIONAL_CODE)):
        assert value.encode() not in by_mobile.data
    by_code = client.get("/admin/customers/search.json", query_string={"q": NATIONAL_CODE})
    assert by_code.get_json()["results"][0]["national_code"] == "\u2066۰۰۱…۷۹\u2069"
    for value in (MOBILE, to_persian_digits(MOBILE)):
        assert value.encode() not in by_code.data


def test_no_show_button_and_no_reveal_without_the_permission(staff_client_in, seen_customer, db):
    client = staff_client_in("agent", seen_customer.department)
    assert 'name="field"' not in client.get(f"/admin/customers/{seen_customer.id}").get_data(as_text=True)
    assert client.post(f"/admin/customers/{seen_customer.id}/reveal", data={"field": "mobile"}).status_code == 403
    assert db.session.query(AuditEntry).filter_by(action="customer.pii_revealed").count() == 0


def test_export_without_pii_is_masked_and_audited(exporter_without_pii, seen_customer, db):
    response = exporter_without_pii.get("/admin/customers/export.csv")
    assert response.status_code == 200
    assert response.data.startswith("\ufeff".encode("utf-8"))
    assert_no_full_values(response.data)
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[1][1] == "زهرا موسوی" and rows[1][2] == "\u2066۰۹۱۲…۴۵۶۷\u2069"
    entry = db.session.query(AuditEntry).filter_by(action="customers.exported").one()
    assert entry.actor_id == exporter_without_pii.staff.id and entry.details["rows"] == 1
    assert entry.details["unmasked"] is False


def test_export_with_pii_has_full_values(staff_client_in, seen_customer, db):
    response = staff_client_in("supervisor").get("/admin/customers/export.csv", query_string={"q": "زهرا"})
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[1][2:4] == [MOBILE, NATIONAL_CODE]
    assert db.session.query(AuditEntry).filter_by(action="customers.exported").one().details["unmasked"] is True


def test_pii_holders_see_masked_values_until_they_reveal_one_which_is_audited(staff_client_in, seen_customer, db):
    client = staff_client_in("supervisor")
    url = f"/admin/customers/{seen_customer.id}"
    assert_no_full_values(client.get(url).data)
    response = client.post(f"{url}/reveal", data={"field": "national_code"})
    assert response.status_code == 302
    shown = client.get(url).get_data(as_text=True)
    assert to_persian_digits(NATIONAL_CODE) in shown
    assert to_persian_digits(MOBILE) not in shown  # only what was asked for
    assert to_persian_digits(NATIONAL_CODE) not in client.get(url).get_data(as_text=True)  # shown once
    entry = db.session.query(AuditEntry).filter_by(action="customer.pii_revealed").one()
    assert (entry.actor_id, entry.target_kind, entry.target_id, entry.details) == (
        client.staff.id, "customers", str(seen_customer.id), {"field": "national_code"})


def test_reveal_needs_the_csrf_token(app, make_staff, seen_customer):
    from tests.conftest import sign_in_staff

    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    sign_in_staff(client, make_staff(role="supervisor"))
    response = super(type(client), client).post(f"/admin/customers/{seen_customer.id}/reveal", data={"field": "mobile"})
    assert response.status_code == 400


def test_support_warning_partial_shows_no_personal_data(app, seen_customer, make_contract):
    from datetime import date, timedelta

    make_contract(seen_customer, starts_on=date.today() - timedelta(days=400), ends_on=date.today() - timedelta(days=3))
    with app.test_request_context():
        html = render_template("customers/_support_warning.html", customer=seen_customer)
    assert "support-warning" in html
    assert_no_full_values(html.encode("utf-8"))


def test_a_mask_is_labelled_hidden_for_screen_readers_and_a_revealed_value_is_not(staff_client_in, seen_customer):
    import re

    client = staff_client_in("agent", seen_customer.department)
    for url in (f"/admin/customers/{seen_customer.id}", "/admin/customers/?q=%D8%B2%D9%87%D8%B1%D8%A7"):
        html = client.get(url).get_data(as_text=True)
        labelled = re.findall(r'<span class="masked-value"[^>]*><bdi dir="ltr">\u2066([^<]*)\u2069</bdi>'
                              r'<span class="visually-hidden"> \(پنهان\)</span>', html)
        assert labelled == ["۰۹۱۲…۴۵۶۷", "۰۰۱…۷۹"], url
    with client.session_transaction() as session:
        session["lang"] = "en"
    assert '<span class="visually-hidden"> (hidden)</span>' in client.get(f"/admin/customers/{seen_customer.id}").get_data(as_text=True)
