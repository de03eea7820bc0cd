"""Recurring problems (the FAQ grouping, coverage, deflection) and customers over their life."""
import csv
import io
from datetime import date, timedelta

from portal.faq import services as faq_services
from portal.reports.customers import customers
from portal.reports.filters import ReportFilters
from tests.conftest import page_text, sign_in_staff


def _csv(response):
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_largest_groups_with_trend_coverage_and_a_draft_button(app, db, make_ticket, make_category, make_staff):
    category = make_category()
    for n, status in enumerate(["open", "resolved", "open"]):
        make_ticket(category=category, subject=f"قطعی اینترنت در منطقه {n}",
                    body="از صبح اینترنت قطع است و مودم چراغ DSL چشمک می‌زند.", status=status)
    for n in range(2):
        make_ticket(category=category, subject="فاکتور رسمی با کد اقتصادی",
                    body="فاکتور رسمی شرکت با کد اقتصادی صادر نشده است.")
    faq_category = faq_services.create_category(name="صورتحساب")
    faq_services.create_article(category=faq_category, question="فاکتور رسمی با کد اقتصادی چطور صادر می‌شود؟",
                                answer="از بخش صورتحساب، فاکتور رسمی با کد اقتصادی را درخواست کنید.",
                                status="published")
    client = app.test_client()
    sign_in_staff(client, make_staff(role="supervisor"))
    response = client.get("/admin/reports/recurring?preset=week&period=day")
    assert response.status_code == 200
    groups = _csv(client.get("/admin/reports/recurring?preset=week&period=day&csv=groups"))
    assert [row[1] for row in groups[1:]] == ["3", "2"]
    assert groups[1][2] == "" and groups[2][2].startswith("فاکتور رسمی")  # the internet outage has no article
    html = response.get_data(as_text=True)
    assert html.count("/admin/faq/promote/") == 1  # a draft from the outage's resolved ticket
    trend = _csv(client.get("/admin/reports/recurring?preset=week&period=day&csv=trend"))
    assert [sum(int(row[i]) for row in trend[1:]) for i in (1, 2)] == [3, 2]
    assert "deflection" in html


def test_agent_without_reports_view_cannot_see_recurring_or_customers(app, make_staff):
    client = app.test_client()
    sign_in_staff(client, make_staff(role="agent"))
    assert client.get("/admin/reports/recurring").status_code == 403
    assert client.get("/admin/reports/customers").status_code == 403


def test_customers_new_expiring_and_repeated(app, db, make_customer, make_ticket, make_staff):
    from portal.customers.models import SupportContract

    supervisor = make_staff(role="supervisor")
    today = date.today()
    regular, other = make_customer(full_name="مشتری پرتکرار"), make_customer()
    for _ in range(3):
        make_ticket(customer=regular)
    make_ticket(customer=other)
    db.session.add_all([
        SupportContract(customer_id=regular.id, title="طلایی", starts_on=today - timedelta(days=300),
                        ends_on=today + timedelta(days=10)),
        SupportContract(customer_id=other.id, title="نقره‌ای", starts_on=today - timedelta(days=300),
                        ends_on=today + timedelta(days=60)),
    ])
    db.session.commit()
    f = ReportFilters(start=today - timedelta(days=6), end=today + timedelta(days=1), period="day")
    new, expiring, repeated = customers(supervisor, f)
    assert new.rows[-1][1] == 2  # the total row
    assert [row[1:] for row in expiring.rows] == [["مشتری پرتکرار", "طلایی", today + timedelta(days=10)]]
    assert [row[1:] for row in repeated.rows] == [["مشتری پرتکرار", 3]]
    scoped = make_staff(role="viewer", departments=[])
    assert [t.rows for t in customers(scoped, f)[1:]] == [[], []]
    client = app.test_client()
    sign_in_staff(client, supervisor)
    page = client.get("/admin/reports/customers?preset=week")
    assert page.status_code == 200 and "مشتری پرتکرار" in page_text(page)


def test_deflection_and_the_searches_that_found_nothing(app, db, make_staff):
    from portal.faq.models import SuggestionOpen
    from portal.models_base import utcnow
    from portal.search import log as search_log

    category = faq_services.create_category(name="اینترنت")
    article = faq_services.create_article(category=category, question="مودم روشن نمی‌شود", answer="آداپتور را ببینید.",
                                          status="published")
    long_ago = utcnow() - timedelta(hours=2)  # outside the deflection window: decided
    db.session.add_all([SuggestionOpen(token="a", article_id=article.id, opened_at=long_ago),
                        SuggestionOpen(token="a", article_id=article.id, opened_at=long_ago),
                        SuggestionOpen(token="b", article_id=article.id, opened_at=long_ago, converted=True),
                        SuggestionOpen(token="c", article_id=article.id, opened_at=utcnow())])
    db.session.commit()
    for query, found in (("قطعی فیبر", 0), ("قطعی فیبر", 0), ("قطعی فیبر", 0), ("رمز وای‌فای", 0), ("مودم", 4),
                         ("تماس با 09121234567", 0)):
        search_log.record("faq", query, found)
    search_log.record("faq", "جستجوی قدیمی", 0, at=utcnow() - timedelta(days=400))  # before the range
    client = app.test_client()
    sign_in_staff(client, make_staff(role="supervisor"))
    page = client.get("/admin/reports/recurring?preset=quarter")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="t-deflection"' in html and 'id="t-unanswered"' in html  # both shown on the page
    deflection = _csv(client.get("/admin/reports/recurring?preset=quarter&csv=deflection"))
    assert deflection[1][:5] == ["4", "3", "1", "1", "1"]  # opens, sessions, converted, deflected, pending
    assert float(deflection[1][5]) == 50.0
    unanswered = _csv(client.get("/admin/reports/recurring?preset=quarter&csv=unanswered"))
    assert unanswered[1:] == [["قطعی فیبر", "3"], ["تماس با #", "1"], ["رمز وای\u200cفای", "1"]]  # most frequent first
    assert all("0912" not in row[0] for row in unanswered)  # identifiers never reach the report
    assert "جستجوی قدیمی" not in page.get_data(as_text=True)
