from datetime import datetime

from portal import audit
from portal.audit import AuditEntry
from portal.extensions import db
from tests.conftest import page_text


def _entry(actor, action, target, at, **details):
    entry = audit.record(actor, action, target, **details)
    entry.at = at
    db.session.commit()
    return entry


def test_filters_by_person_action_object_and_jalali_dates(staff_client_in, make_staff, make_customer):
    viewer = staff_client_in("supervisor")
    alice, bob = make_staff(role="agent", email="alice@pishkhan.test"), make_staff(role="agent", email="bob@pishkhan.test")
    customer = make_customer()
    _entry(alice, "customer.viewed", customer, datetime(2026, 3, 25, 8, 0))  # 1405/01/05 in Tehran
    _entry(bob, "customer.viewed", customer, datetime(2026, 4, 10, 8, 0))  # 1405/01/21
    _entry(alice, "customer.pii_revealed", customer, datetime(2026, 4, 11, 8, 0), field="mobile")
    _entry(alice, "customer.viewed", make_customer(), datetime(2026, 3, 20, 21, 0))  # 1405/01/01 00:30 Tehran

    def rows(**query):
        return page_text(viewer.get("/admin/audit", query_string=query))

    assert "۳ رویداد" in rows(person="alice@")
    assert "۱ رویداد" in rows(person="bob")
    assert "۲ رویداد" in rows(person="alice", action="customer.viewed")
    assert "۴ رویداد" in rows(target_kind="customers", target_id=str(customer.id))  # and its creation
    assert "۲ رویداد" in rows(date_from="۱۴۰۵/۰۱/۰۱", date_to="1405/01/05")
    assert "۲ رویداد" in rows(date_from="1405/01/06", date_to="1405/01/31")
    text = rows(action="customer.pii_revealed")
    assert "اطلاعات شخصی نمایش داده شد" in text and "field=mobile" in text


def test_bad_filter_dates_get_a_clear_message(staff_client_in):
    response = staff_client_in("admin").get("/admin/audit", query_string={"date_from": "1405/14/40"})
    assert response.status_code == 200
    assert "تاریخ شمسی" in page_text(response)
    assert 'value="1405/14/40"' in response.get_data(as_text=True)


def test_the_log_pages(staff_client_in, make_customer):
    viewer = staff_client_in("supervisor")
    customer = make_customer()
    for _ in range(55):
        audit.record(viewer.staff, "customer.viewed", customer)
    db.session.commit()
    first = viewer.get("/admin/audit").get_data(as_text=True)
    assert first.count("پرونده‌ی مشتری دیده شد") >= 50
    second = viewer.get("/admin/audit?page=2").get_data(as_text=True)
    assert 0 < second.count("پرونده‌ی مشتری دیده شد") < 10


def test_no_route_edits_or_deletes_audit_rows(staff_client_in, make_customer):
    admin = staff_client_in("admin")
    audit.record(admin.staff, "customer.viewed", make_customer(), commit=True)
    entry_id = db.session.query(AuditEntry).order_by(AuditEntry.id.desc()).first().id
    assert admin.post("/admin/audit").status_code == 405
    assert admin.delete("/admin/audit").status_code == 405
    for method in (admin.get, admin.post, admin.delete):
        assert method(f"/admin/audit/{entry_id}").status_code in (404, 405)
    assert db.session.get(AuditEntry, entry_id) is not None


def test_logins_are_in_the_log(app, staff_client_in, make_staff):
    from tests.conftest import sign_in_staff

    target = make_staff(role="viewer")
    sign_in_staff(app.test_client(), target, password="wrong-password-1")
    text = page_text(staff_client_in("admin").get("/admin/audit"))
    assert "ورود ناموفق" in text and "وارد شد" in text
