from datetime import timedelta

from portal.customers import services
from portal.models_base import utcnow
from tests.conftest import page_text


def test_dashboard_counts_what_each_person_may_see(staff_client_in, make_department, make_category, make_ticket,
                                                   make_customer, make_contract):
    technical, billing = make_department(), make_department()
    agent = staff_client_in("agent", technical)
    in_technical = make_category(department=technical)
    now = utcnow()
    make_ticket(category=in_technical, assignee_id=agent.staff.id, status="open", subject="تیکت من")
    make_ticket(category=in_technical, assignee_id=agent.staff.id, status="closed", subject="بسته‌ی من")
    make_ticket(category=in_technical, status="new", resolution_due_at=now - timedelta(hours=1))  # unassigned, late
    make_ticket(category=in_technical, status="resolved", resolution_due_at=now - timedelta(hours=1))  # not active
    make_ticket(category=in_technical, status="waiting", assignee_id=agent.staff.id,
                resolution_due_at=now - timedelta(minutes=5))  # mine, late
    make_ticket(category=make_category(department=billing), status="new")  # another department

    customer = make_customer(full_name="مشتری رو به پایان")
    make_ticket(customer=customer, category=in_technical, status="closed")
    today = services.local_today()
    make_contract(customer, title="طرح برنزی", starts_on=today - timedelta(days=300), ends_on=today + timedelta(days=7))
    hidden = make_customer(full_name="مشتری واحد دیگر")
    make_contract(hidden, title="طرح دیگر", starts_on=today - timedelta(days=300), ends_on=today + timedelta(days=7))

    response = agent.get("/admin/")
    html, text = response.get_data(as_text=True), page_text(response)
    my_tickets = html[html.index('id="my-tickets"'):html.index('id="department-queue"')]
    assert "display-6\">۲<" in my_tickets and "تیکت من" in my_tickets and "بسته‌ی من" not in my_tickets
    queue = page_text_of(html, "department-queue")
    assert "۱ واگذارنشده" in queue and "۲ دیرکرد" in queue
    assert "مشتری رو به پایان" in text and "مشتری واحد دیگر" not in text  # scoped to visible customers
    assert 'id="alarms"' not in html

    supervisor_text = page_text(staff_client_in("supervisor").get("/admin/"))
    assert "مشتری واحد دیگر" in supervisor_text


def page_text_of(html, section_id):
    import re

    start = html.index(f'id="{section_id}"')
    return " ".join(re.sub(r"<[^>]+>", " ", html[start:html.index("</section>", start)]).split())


def test_navigation_follows_permissions(staff_client_in):
    admin = page_text(staff_client_in("admin").get("/admin/"))
    viewer = page_text(staff_client_in("viewer").get("/admin/"))
    for label in ("داشبورد", "مشتریان", "سطوح دسترسی", "گزارش رویدادها"):
        assert label in admin
    assert "داشبورد" in viewer and "مشتریان" in viewer
    assert "سطوح دسترسی" not in viewer and "گزارش رویدادها" not in viewer
