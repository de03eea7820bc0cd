"""The customer profile shows tickets from every channel, and the interactions timeline shows what came in."""
from portal.persian import to_persian_digits
from portal.tickets import services
from tests.conftest import page_text, sign_in_staff


def test_the_profile_shows_sms_email_and_webform_tickets_and_their_messages(
        app, post_sms, ingest, sample, make_customer, make_staff, category):
    customer = make_customer(mobile="09127778899", email="sara@example.com")
    post_sms("09127778899", "پیامک درباره‌ی قبض")
    ingest(sample("html_only"))
    app.test_client().post("/contact", data={"full_name": "سارا", "mobile": "09127778899", "subject": "از فرم تماس",
                                             "body": "متن فرم"})
    services.open_ticket(customer, subject="از پرتال", body="متن", category=category)
    admin = make_staff(role="admin")
    client = app.test_client()
    sign_in_staff(client, admin)
    text = page_text(client.get(f"/admin/customers/{customer.id}"))
    for label in ("پیامک", "ایمیل", "فرم تماس", "پرتال"):
        assert label in text
    for subject in ("پیامک درباره‌ی قبض", "Invoice question", "از فرم تماس", "از پرتال"):
        assert subject in text
    assert "Hello, the invoice &amp; receipt are attached?" in text and "متن فرم" in text  # interactions timeline
    assert to_persian_digits(4) in text
