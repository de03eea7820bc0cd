"""Personal data: masked values cannot be confirmed by search, and every look-up is limited, audited and counted."""
import pytest

from portal.customers.pii import masked_value

from portal.audit import AuditEntry
from portal.customers.models import Interaction, NpsResponse
from portal.extensions import db
from portal.notify.models import OutboxMessage
from portal.persian import to_persian_digits
from tests.conftest import page_text

MOBILE, NATIONAL_CODE = "09121234567", "0012345679"


def _audit(action, actor=None):
    query = db.session.query(AuditEntry).filter_by(action=action)
    if actor is not None:
        query = query.filter_by(actor_id=actor.id, actor_kind="staff")
    return query.all()


@pytest.mark.parametrize("role", ["agent", "viewer"])
def test_without_view_pii_mobile_and_national_code_do_not_match(staff_client_in, seen_customer, role):
    client = staff_client_in(role, seen_customer.department)
    for q in (MOBILE, to_persian_digits(MOBILE), "+98 912 123 4567", NATIONAL_CODE, "001-234567-9"):
        found = client.get("/admin/customers/search.json", query_string={"q": q}).get_json()
        assert found["total"] == 0, q
        assert "زهرا موسوی" not in page_text(client.get("/admin/customers/", query_string={"q": q}))
    # Name, customer number, e-mail and username still find the customer.
    for q in ("زهرا", seen_customer.number, "zahra@example.ir", "zahra"):
        assert client.get("/admin/customers/search.json", query_string={"q": q}).get_json()["total"] == 1, q


def test_with_view_pii_the_whole_value_matches(staff_client_in, seen_customer):
    client = staff_client_in("supervisor")
    assert client.get("/admin/customers/search.json", query_string={"q": MOBILE}).get_json()["total"] == 1
    assert client.get("/admin/customers/search.json", query_string={"q": NATIONAL_CODE}).get_json()["total"] == 1
    # A part of the value is no identifier at all.
    assert client.get("/admin/customers/search.json", query_string={"q": MOBILE[:-1]}).get_json()["total"] == 0


def test_searches_and_list_pages_are_audited(staff_client_in, seen_customer):
    client = staff_client_in("agent", seen_customer.department)
    client.get("/admin/customers/", query_string={"q": "زهرا"})
    client.get("/admin/customers/search.json", query_string={"q": MOBILE})
    client.get("/admin/customers/", query_string={"page": 2})
    rows = _audit("customers.searched", client.staff)
    assert [(r.details["query"], r.details["results"]) for r in rows] == [("زهرا", 1), (MOBILE, 0), ("", 1)]
    assert rows[2].details["page"] == 2


@pytest.mark.app_config(RATELIMIT_ENABLED=True, PORTAL_CUSTOMER_LOOKUP_RATE_LIMIT="3 per minute")
def test_customer_searches_are_rate_limited_per_staff_member(staff_client_in, seen_customer):
    first = staff_client_in("supervisor")
    statuses = [first.get(url, query_string={"q": "x"}).status_code
                for url in ("/admin/customers/", "/admin/customers/search.json", "/admin/customers/",
                            "/admin/customers/search.json")]
    assert statuses == [200, 200, 200, 429]
    # Another staff member at the same address keeps his own allowance.
    second = staff_client_in("supervisor")
    assert second.get("/admin/customers/search.json", query_string={"q": "x"}).status_code == 200


@pytest.mark.app_config(PORTAL_BULK_ACCESS_THRESHOLD=3)
def test_searches_exports_and_intake_look_ups_raise_the_bulk_access_alarm(staff_client_in, seen_customer):
    staff_client_in("admin")  # someone to tell
    client = staff_client_in("supervisor")
    client.get("/admin/customers/search.json", query_string={"q": "a"})
    client.get("/admin/customers/export.csv")
    client.get("/admin/tickets/new", query_string={"identifier": MOBILE})
    assert _audit("access.bulk_alarm") == []
    client.get("/admin/customers/", query_string={"q": "b"})
    alarms = _audit("access.bulk_alarm")
    assert len(alarms) == 1 and alarms[0].target_id == str(client.staff.id) and alarms[0].details["count"] == 4
    assert db.session.query(OutboxMessage).filter_by(template="bulk_access_alarm").count() >= 1


def test_phone_intake_finds_only_visible_customers_and_is_audited(staff_client_in, seen_customer, make_department,
                                                                  make_customer, make_category, make_ticket):
    outsider = staff_client_in("agent", make_department())
    page = outsider.get("/admin/tickets/new", query_string={"identifier": MOBILE})
    assert page.status_code == 200
    assert "زهرا موسوی" not in page_text(page) and seen_customer.number not in page.get_data(as_text=True)
    insider = staff_client_in("agent", seen_customer.department)
    assert "زهرا موسوی" in page_text(insider.get("/admin/tickets/new", query_string={"identifier": MOBILE}))
    rows = _audit("customer.looked_up")
    assert [(r.actor_id, r.target_id, r.details["found"]) for r in rows] == [
        (outsider.staff.id, None, False), (insider.staff.id, str(seen_customer.id), True)]


def test_intake_satisfaction_counts_only_visible_tickets(staff_client_in, seen_customer, make_department,
                                                         make_category, make_ticket):
    from portal.tickets.models import Feedback
    other = make_ticket(customer=seen_customer, category=make_category(department=make_department()))
    db.session.add(Feedback(ticket_id=other.id, customer_id=seen_customer.id, score=1))
    db.session.commit()
    insider = staff_client_in("agent", seen_customer.department)
    page = insider.get("/admin/tickets/new", query_string={"identifier": MOBILE})
    assert "رضایت" not in page_text(page)  # the only rating is on another department's ticket


def test_profile_interactions_and_nps_follow_the_scope(staff_client_in, seen_customer, make_staff, make_department):
    colleague = make_staff(role="agent", departments=[seen_customer.department])
    stranger = make_staff(role="agent", departments=[make_department()])
    db.session.add_all([
        Interaction(customer_id=seen_customer.id, kind="call", direction="in", summary="تماس همکار", staff_id=colleague.id),
        Interaction(customer_id=seen_customer.id, kind="call", direction="in", summary="تماس واحد دیگر",
                    staff_id=stranger.id),
        NpsResponse(customer_id=seen_customer.id, score=2, comment="نظر محرمانه")])
    db.session.commit()
    scoped = page_text(staff_client_in("agent", seen_customer.department).get(f"/admin/customers/{seen_customer.id}"))
    assert "تماس همکار" in scoped and "تماس واحد دیگر" not in scoped and "نظر محرمانه" not in scoped
    whole = page_text(staff_client_in("supervisor").get(f"/admin/customers/{seen_customer.id}"))
    assert "تماس همکار" in whole and "تماس واحد دیگر" in whole and "نظر محرمانه" in whole


def test_outbox_is_masked_and_scoped_by_department(app, make_staff, sign_in, seen_customer, make_department,
                                                   make_customer, make_category, make_ticket):
    from portal.accounts.models import Role
    role = Role(name="dept-admin", label="مدیر واحد", department_scoped=True)
    role.set_permissions({"access.manage", "customers.view", "tickets.reply"})
    db.session.add(role)
    db.session.commit()
    other_customer = make_customer()
    make_ticket(customer=other_customer, category=make_category(department=make_department()))
    mine = OutboxMessage(channel="sms", template="ticket_reply", recipient_kind="customer",
                         recipient_id=seen_customer.id, to_address=MOBILE, body_text="پاسخ تیکت شما", status="dead")
    theirs = OutboxMessage(channel="email", template="ticket_reply", recipient_kind="customer",
                           recipient_id=other_customer.id, to_address=other_customer.email,
                           subject="موضوع محرمانه‌ی واحد دیگر", body_text="x", status="dead")
    db.session.add_all([mine, theirs])
    db.session.commit()
    client = sign_in(make_staff(role="dept-admin", departments=[seen_customer.department]))
    page = client.get("/admin/outbox/")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert MOBILE not in text and to_persian_digits(MOBILE) not in text and masked_value("mobile", MOBILE) in text
    assert "محرمانه" not in text and other_customer.email not in text
    assert client.post(f"/admin/outbox/{theirs.id}/requeue").status_code == 404
    assert client.post(f"/admin/outbox/{mine.id}/requeue").status_code == 302
    # An unscoped admin with view_pii sees both, in full.
    admin_text = sign_in(make_staff(role="admin")).get("/admin/outbox/").get_data(as_text=True)
    assert MOBILE in admin_text and "محرمانه" in admin_text


def test_phone_intake_finds_a_caller_without_any_ticket(staff_client_in, make_department, make_customer):
    make_customer(full_name="تماس‌گیرنده‌ی تازه", mobile="09015556677")
    agent = staff_client_in("agent", make_department())
    assert "تماس‌گیرنده‌ی تازه" in page_text(agent.get("/admin/tickets/new", query_string={"identifier": "09015556677"}))
