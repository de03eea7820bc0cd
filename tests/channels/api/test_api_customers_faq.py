"""/api/v1/customers, /api/v1/interactions and /api/v1/faq/search."""
from portal.audit import AuditEntry
from portal.customers.models import Interaction
from portal.extensions import db


def test_lookup_by_any_identifier_masks_pii_as_the_pages_do(api, token_for, make_staff, make_customer):
    customer = make_customer(mobile="09121234567", email="zahra@example.ir")
    for role in ("supervisor", "viewer"):  # with and without customers.view_pii: masked until revealed on a page
        caller = api(token_for(make_staff(role=role)))
        for identifier in ("۰۹۱۲۱۲۳۴۵۶۷", "ZAHRA@example.ir", customer.number, customer.national_code):
            response = caller.get("/api/v1/customers", query_string={"identifier": identifier})
            if role == "viewer":  # department-scoped without tickets of the customer: not theirs to see
                assert response.status_code == 404
                continue
            assert response.status_code == 200, response.json
            body = response.json
            assert body["number"] == customer.number and body["email"] == "zahra@example.ir"
            assert "1234567" not in body["mobile"] and body["mobile"].endswith("۶۷")
            assert customer.national_code not in body["national_code"]
            assert body["masked"] == ["mobile", "national_code"]
    views = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "customer.viewed")).all()
    assert len(views) == 4 and {v.target_id for v in views} == {str(customer.id)}


def test_customer_tokens_cannot_look_up_customers(api, token_for, make_customer):
    customer = make_customer()
    response = api(token_for(customer)).get(f"/api/v1/customers/{customer.number}")
    assert response.status_code == 404


def test_unknown_identifier_is_404(api, token_for, make_staff):
    caller = api(token_for(make_staff(role="supervisor")))
    assert caller.get("/api/v1/customers", query_string={"identifier": "09120000000"}).status_code == 404
    assert caller.get("/api/v1/customers/nothing").status_code == 404


def test_telephony_logs_a_call_by_the_callers_mobile(api, token_for, make_staff, make_customer):
    customer = make_customer(mobile="09351234567")
    staff = make_staff(role="supervisor")
    response = api(token_for(staff)).post("/api/v1/interactions", json={
        "customer": "+98 935 123 4567", "kind": "call", "direction": "in", "summary": "پرسید قبض کی می‌آید",
        "at": "2026-12-01T10:30:00+03:30"})
    assert response.status_code == 201, response.json
    assert response.json["customer_number"] == customer.number
    assert response.json["at"] == "2026-12-01T07:00:00Z"
    row = db.session.scalar(db.select(Interaction))
    assert (row.customer_id, row.kind, row.direction, row.staff_id) == (customer.id, "call", "in", staff.id)


def test_logging_an_interaction_needs_customers_edit(api, token_for, make_staff, make_customer):
    customer = make_customer()
    response = api(token_for(make_staff(role="viewer"))).post("/api/v1/interactions", json={
        "customer": customer.number, "summary": "x"})
    assert response.status_code == 403
    assert db.session.scalar(db.select(db.func.count(Interaction.id))) == 0


def test_faq_search_finds_published_articles_only(api, token_for, make_customer, make_faq_article):
    published = make_faq_article(question="چطور رمز عبور را عوض کنم؟", answer="از بخش **حساب کاربری** تغییر دهید.")
    make_faq_article(question="رمز عبور پیش‌نویس", answer="هنوز منتشر نشده", status="draft")
    response = api(token_for(make_customer())).get("/api/v1/faq/search", query_string={"q": "رمز عبور"})
    assert response.status_code == 200
    assert [hit["id"] for hit in response.json["items"]] == [published.id]
    hit = response.json["items"][0]
    assert "<" not in hit["snippet"] and hit["url"].endswith(f"/faq/{published.id}")
