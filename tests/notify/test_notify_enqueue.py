"""notify_customer/notify_staff: rows written in the caller's transaction, rendered in the recipient's language."""
from sqlalchemy import func, select

from portal.notify import notify_customer, notify_staff
from portal.notify.models import OutboxMessage


def test_customer_gets_email_and_sms_rendered_into_the_outbox(enqueue, make_customer):
    customer = make_customer(full_name="زهرا احمدی")
    rows = enqueue(customer, note="پاسخ در پرتال آماده است")

    by_channel = {row.channel: row for row in rows}
    assert set(by_channel) == {"email", "sms"}
    mail, sms = by_channel["email"], by_channel["sms"]
    assert mail.to_address == customer.email and sms.to_address == customer.mobile
    assert mail.subject == "ورود: پاسخ تازه به تیکت ۱۴۰۵۰۰۱"
    assert mail.body_text.startswith("سلام زهرا احمدی،")
    assert '<html lang="fa" dir="rtl">' in mail.body_html
    assert "<b>۱۴۰۵۰۰۱</b>" in mail.body_html
    assert sms.body_text == "پیشخوان: پاسخ تازه به تیکت ۱۴۰۵۰۰۱" and sms.subject is None
    assert all(row.status == "pending" and row.attempts == 0 for row in rows)


def test_rows_belong_to_the_callers_transaction(db, notify_templates, make_customer):
    customer = make_customer()
    notify_customer(customer, "test_reply", number="1", note="")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_preferences_and_missing_sms_template_decide_the_channels(enqueue, make_customer):
    assert [r.channel for r in enqueue(make_customer(), name="test_plain")] == ["email"]  # no .sms.txt
    quiet = make_customer()
    quiet.notify_by_sms = False
    assert [r.channel for r in enqueue(quiet)] == ["email"]
    no_email = make_customer(email=None)
    assert [r.channel for r in enqueue(no_email)] == ["sms"]


def test_text_only_notification_gets_an_escaped_rtl_html_part(enqueue, make_customer):
    rows = enqueue(make_customer(), name="test_plain", note="<script>alert(1)</script>")
    html = rows[0].body_html
    assert "<p>خط اول &lt;script&gt;alert(1)&lt;/script&gt;<br>خط دوم</p><p>بند دوم</p>" in html
    assert "<script>" not in html
    assert 'dir="rtl"' in html
    assert rows[0].body_text.startswith("خط اول <script>")  # the text part stays as written


def test_rendered_in_the_recipients_language(db, notify_templates, make_staff):
    staff = make_staff()
    staff.locale = "en"  # a recipient whose record names a language we offer
    [row] = notify_staff(staff, "test_reply", number="77", note="")
    assert row.subject.startswith("Sign in:")
    assert '<html lang="en" dir="ltr">' in row.body_html

    staff.locale = "xx"  # not one of ours: the default language
    [row] = notify_staff(staff, "test_reply", number="77", note="")
    assert row.subject.startswith("ورود:")
