"""/admin/notifications: each staff member chooses e-mail, SMS or nothing per kind of notice."""
from sqlalchemy import select

from portal.audit import AuditEntry
from portal.automations.models import StaffNotificationPrefs
from tests.conftest import page_text


def test_the_page_shows_the_kinds_with_e_mail_chosen_by_default(staff_client_for):
    client = staff_client_for("agent")
    response = client.get("/admin/notifications/")
    assert response.status_code == 200
    text = page_text(response)
    assert "اعلان‌های من" in text
    html = response.get_data(as_text=True)
    assert 'name="kind_customer_reply"' in html and 'name="kind_sla_warning"' in html
    assert '<option selected value="email">' in html


def test_saving_choices_and_a_mobile(db, staff_client_for):
    client = staff_client_for("agent")
    response = client.post("/admin/notifications/", data={
        "mobile": "۰۹۱۲ ۱۲۳ ۴۵۶۷", "kind_customer_reply": "sms", "kind_low_csat": "email",
        "kind_sla_warning": "none", "kind_sla_breach": "email"}, follow_redirects=True)
    assert "تنظیمات اعلان شما ذخیره شد" in page_text(response)
    prefs = db.session.get(StaffNotificationPrefs, client.staff.id)
    assert prefs.mobile == "09121234567"
    assert prefs.choices["customer_reply"] == "sms" and prefs.choices["sla_warning"] == "none"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "staff.notification_prefs_changed"))


def test_sms_without_a_mobile_is_refused_and_nothing_is_stored(db, staff_client_for):
    client = staff_client_for("agent")
    response = client.post("/admin/notifications/", data={
        "mobile": "", "kind_customer_reply": "sms", "kind_low_csat": "email",
        "kind_sla_warning": "email", "kind_sla_breach": "email"})
    assert response.status_code == 200
    assert "برای دریافت پیامک، شماره‌ی همراه خود را وارد کنید" in page_text(response)
    assert db.session.get(StaffNotificationPrefs, client.staff.id) is None


def test_a_bad_mobile_is_refused(db, staff_client_for):
    client = staff_client_for("agent")
    response = client.post("/admin/notifications/", data={
        "mobile": "12345", "kind_customer_reply": "email", "kind_low_csat": "email",
        "kind_sla_warning": "email", "kind_sla_breach": "email"})
    assert "شماره‌ی همراهی مانند" in page_text(response)
    assert db.session.get(StaffNotificationPrefs, client.staff.id) is None


def test_customers_cannot_open_the_page(customer_client):
    assert customer_client.get("/admin/notifications/").status_code in (302, 403, 404)
