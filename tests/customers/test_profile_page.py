from datetime import date, timedelta

import pytest

from portal.audit import AuditEntry
from portal.customers import services
from portal.customers.models import CustomFieldDefinition, Interaction, NpsResponse, SupportContract
from portal.extensions import db
from portal.models_base import utcnow
from portal.notify.models import OutboxMessage
from portal.tickets.models import Feedback
from tests.conftest import page_text


@pytest.fixture
def supervisor(staff_client_in):
    return staff_client_in("supervisor")


def test_profile_shows_the_whole_customer(supervisor, make_customer, make_ticket, make_contract, db):
    customer = make_customer(full_name="لیلا صادقی")
    now = utcnow()
    phone = make_ticket(customer=customer, channel="phone", subject="قطعی اینترنت", status="resolved",
                        created_at=now - timedelta(hours=5), first_response_at=now - timedelta(hours=3))
    make_ticket(customer=customer, channel="sms", subject="درخواست فاکتور", status="open",
                created_at=now - timedelta(hours=2), first_response_at=now - timedelta(hours=1))
    make_ticket(customer=customer, channel="email", subject="بدون پاسخ", status="new")
    db.session.add(Feedback(ticket_id=phone.id, customer_id=customer.id, score=4, comment="خوب بود"))
    db.session.add(NpsResponse(customer_id=customer.id, score=9, comment="پیشنهاد می‌کنم"))
    today = services.local_today()
    make_contract(customer, title="پشتیبانی پایه", starts_on=today - timedelta(days=400),
                  ends_on=today - timedelta(days=40))
    make_contract(customer, title="پشتیبانی طلایی", starts_on=today - timedelta(days=20),
                  ends_on=today + timedelta(days=10))
    db.session.add(Interaction(customer_id=customer.id, kind="visit", direction="in", summary="به دفتر آمد",
                               staff_id=supervisor.staff.id))
    db.session.commit()

    text = page_text(supervisor.get(f"/admin/customers/{customer.id}"))
    for expected in ("لیلا صادقی", "قطعی اینترنت", "درخواست فاکتور", "پشتیبانی پایه", "پشتیبانی طلایی",
                     "به دفتر آمد", "خوب بود", "پیشنهاد می‌کنم", "منقضی شده", "رو به پایان"):
        assert expected in text, expected
    assert "۲ از ۳" in text  # open of total (new + open are active)
    assert "۱ ساعت ۳۰ دقیقه" in text  # mean of 2 h and 1 h, tickets without a response left out
    assert "تلفن ۱" in text and "پیامک ۱" in text and "ایمیل ۱" in text
    assert "پشتیبانی این مشتری در" in text  # the support warning


def test_profile_of_another_departments_customer_or_unknown_id_is_404(staff_client_in, seen_customer,
                                                                       make_customer, make_department):
    agent = staff_client_in("agent", make_department())
    assert agent.get(f"/admin/customers/{seen_customer.id}").status_code == 404
    assert agent.post(f"/admin/customers/{seen_customer.id}/interactions",
                      data={"kind": "note", "summary": "x"}).status_code == 404
    assert staff_client_in("supervisor").get("/admin/customers/999999").status_code == 404
    assert db.session.query(Interaction).count() == 0


def test_every_profile_view_is_audited(supervisor, seen_customer):
    supervisor.get(f"/admin/customers/{seen_customer.id}")
    supervisor.get(f"/admin/customers/{seen_customer.id}")
    views = db.session.query(AuditEntry).filter_by(action="customer.viewed").all()
    assert [(e.actor_id, e.target_id) for e in views] == [(supervisor.staff.id, str(seen_customer.id))] * 2


def test_editor_adds_a_contract_with_jalali_dates(staff_client_in, seen_customer):
    agent = staff_client_in("agent", seen_customer.department)
    response = agent.post(f"/admin/customers/{seen_customer.id}/contracts",
                          data={"title": "پشتیبانی نقره‌ای", "starts_on": "۱۴۰۵/۰۱/۰۱", "ends_on": "1405/12/29"})
    assert response.status_code == 302
    contract = db.session.query(SupportContract).one()
    assert (contract.starts_on, contract.ends_on) == (date(2026, 3, 21), date(2027, 3, 20))
    entry = db.session.query(AuditEntry).filter_by(action="customer.contract_added").one()
    assert entry.target_id == str(seen_customer.id)


def test_bad_contract_dates_get_a_clear_error_and_keep_what_was_typed(staff_client_in, seen_customer):
    agent = staff_client_in("agent", seen_customer.department)
    response = agent.post(f"/admin/customers/{seen_customer.id}/contracts",
                          data={"title": "پشتیبانی ویژه", "starts_on": "1405/13/01", "ends_on": "1404/01/01"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "تاریخ شمسی" in page_text(response)
    assert 'value="پشتیبانی ویژه"' in html and 'value="1405/13/01"' in html
    assert db.session.query(SupportContract).count() == 0


def test_end_before_start_is_refused(staff_client_in, seen_customer):
    agent = staff_client_in("agent", seen_customer.department)
    response = agent.post(f"/admin/customers/{seen_customer.id}/contracts",
                          data={"title": "پایه", "starts_on": "1405/06/01", "ends_on": "1405/01/01"})
    assert response.status_code == 400
    assert "تاریخ پایان نمی‌تواند پیش از تاریخ شروع باشد" in page_text(response)


def test_logging_an_interaction(staff_client_in, seen_customer):
    agent = staff_client_in("agent", seen_customer.department)
    response = agent.post(f"/admin/customers/{seen_customer.id}/interactions",
                          data={"kind": "call", "direction": "out", "summary": "برای تمدید تماس گرفتم"})
    assert response.status_code == 302
    interaction = db.session.query(Interaction).one()
    assert (interaction.kind, interaction.direction, interaction.staff_id) == ("call", "out", agent.staff.id)
    assert "برای تمدید تماس گرفتم" in page_text(agent.get(f"/admin/customers/{seen_customer.id}"))
    empty = agent.post(f"/admin/customers/{seen_customer.id}/interactions", data={"kind": "call", "summary": " "})
    assert empty.status_code == 400 and db.session.query(Interaction).count() == 1


def test_editing_custom_fields(staff_client_in, seen_customer, app):
    definitions = [CustomFieldDefinition(label="تعداد سرویس", kind="number", options=[]),
                   CustomFieldDefinition(label="تاریخ تمدید", kind="date", options=[]),
                   CustomFieldDefinition(label="نوع مشتری", kind="choice", options=["حقیقی", "حقوقی"])]
    db.session.add_all(definitions)
    db.session.commit()
    number, day, choice = (d.id for d in definitions)
    agent = staff_client_in("agent", seen_customer.department)
    url = f"/admin/customers/{seen_customer.id}/fields"
    bad = agent.post(url, data={f"field_{number}": "سه", f"field_{day}": "1405/02/31", f"field_{choice}": "حقوقی"})
    assert bad.status_code == 400 and "یک عدد وارد کنید" in page_text(bad)
    ok = agent.post(url, data={f"field_{number}": "۳", f"field_{day}": "1405/02/31", f"field_{choice}": "حقوقی"})
    assert ok.status_code == 302
    assert services.custom_field_values(seen_customer) == {number: "3", day: "2026-05-21", choice: "حقوقی"}
    viewer = staff_client_in("viewer", seen_customer.department)
    text = page_text(viewer.get(f"/admin/customers/{seen_customer.id}"))
    assert "۳۱ اردیبهشت ۱۴۰۵" in text and "حقوقی" in text
    assert db.session.query(AuditEntry).filter_by(action="customer.fields_changed").count() == 1


def test_admin_defines_custom_fields(staff_client_in):
    admin = staff_client_in("admin")
    missing = admin.post("/admin/customers/fields", data={"label": "نوع", "kind": "choice", "options": ""})
    assert missing.status_code == 400 and "دست‌کم یک گزینه" in page_text(missing)
    admin.post("/admin/customers/fields", data={"label": "نوع", "kind": "choice", "options": "حقیقی\nحقوقی\n"})
    assert db.session.query(CustomFieldDefinition).one().options == ["حقیقی", "حقوقی"]


def _profile_queries(client, customer_id, query_counter):
    db.session.remove()  # a fresh session, as every request on a real server has
    with query_counter:
        response = client.get(f"/admin/customers/{customer_id}")
    assert response.status_code == 200
    return query_counter.count


def test_profile_queries_do_not_grow_with_history(supervisor, make_customer, make_category, query_counter):
    from portal.tickets.models import Ticket

    category = make_category()
    small, large = make_customer(), make_customer()
    for customer, count in ((small, 2), (large, 60)):
        for n in range(count):
            ticket = Ticket(number=f"T{customer.id}-{n}", customer_id=customer.id, subject="موضوع",
                            department_id=category.department_id, channel=("portal", "sms", "phone")[n % 3])
            db.session.add(ticket)
            db.session.flush()
            db.session.add(Feedback(ticket_id=ticket.id, customer_id=customer.id, score=1 + n % 5))
            db.session.add(Interaction(customer_id=customer.id, kind="note", summary=f"یادداشت {n}"))
            db.session.add(NpsResponse(customer_id=customer.id, score=n % 11))
    db.session.commit()
    small_id, large_id = small.id, large.id
    small_count = _profile_queries(supervisor, small_id, query_counter)
    small_statements = list(query_counter.statements)
    large_count = _profile_queries(supervisor, large_id, query_counter)
    from collections import Counter
    assert small_count == large_count, Counter(query_counter.statements) - Counter(small_statements)
    assert large_count <= 26  # follow-ups, greetings and the one CSAT figure; the view recorded after rendering


@pytest.mark.app_config(PORTAL_BULK_ACCESS_THRESHOLD=2)
def test_bulk_access_alarm_flags_and_notifies_admins_once_an_hour(staff_client_in, make_customer, make_staff):
    admins = [make_staff(role="admin"), make_staff(role="admin")]
    snoop = staff_client_in("supervisor")
    customers = [make_customer() for _ in range(5)]
    for customer in customers[:2]:
        snoop.get(f"/admin/customers/{customer.id}")
    snoop.get(f"/admin/customers/{customers[0].id}")  # the same profile again is not a new one
    assert db.session.query(AuditEntry).filter_by(action="access.bulk_alarm").count() == 0
    for customer in customers[2:]:
        snoop.get(f"/admin/customers/{customer.id}")
    alarm = db.session.query(AuditEntry).filter_by(action="access.bulk_alarm").one()
    assert (alarm.target_kind, alarm.target_id, alarm.details["count"]) == ("staff_users", str(snoop.staff.id), 3)
    mails = db.session.query(OutboxMessage).filter_by(template="bulk_access_alarm").all()
    assert sorted(m.to_address for m in mails) == sorted(a.email for a in admins)
    assert snoop.staff.full_name in mails[0].subject and "۳" in mails[0].subject

    dashboard = staff_client_in("admin").get("/admin/").get_data(as_text=True)
    assert 'id="alarms"' in dashboard and snoop.staff.email in dashboard
    assert 'id="alarms"' not in snoop.get("/admin/").get_data(as_text=True)  # only for access.manage


@pytest.mark.app_config(PORTAL_BULK_ACCESS_THRESHOLD=1)
def test_alarm_counts_only_the_last_hour(app, make_staff, make_customer):
    from portal.customers.access import record_profile_view

    staff = make_staff(role="supervisor")
    now = utcnow()
    record_profile_view(staff, make_customer(), now=now - timedelta(hours=2))
    assert record_profile_view(staff, make_customer(), now=now) is False
    assert record_profile_view(staff, make_customer(), now=now) is True
    assert record_profile_view(staff, make_customer(), now=now + timedelta(minutes=30)) is False
    assert record_profile_view(staff, make_customer(), now=now + timedelta(minutes=61)) is True
