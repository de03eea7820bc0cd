"""Staff side: faq.edit on every /admin/faq route, editing, promoting, "frequently asked" and ticket search."""
import pytest
from sqlalchemy import select

from portal.faq import finding
from portal.faq.models import Article, FaqCategory
from portal.tickets.models import TicketMessage
from tests.conftest import page_text

ADMIN_PAGES = ["/admin/faq/", "/admin/faq/categories/new", "/admin/faq/articles/new", "/admin/faq/frequent",
               "/admin/faq/promote/1"]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_refuse_agents_without_faq_edit(path, staff_client_for):
    assert staff_client_for(role="agent").get(path).status_code == 403


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_refuse_customers(path, customer_client):
    assert customer_client.get(path).status_code == 403


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_send_visitors_to_the_staff_login(path, client):
    assert client.get(path).status_code == 302


def test_editor_creates_a_category_and_an_article_with_persian_digits(faq_editor_client, db, client):
    faq_editor_client.post("/admin/faq/categories/new", data={"name": "ایمیل", "position": "۲"})
    response = faq_editor_client.get("/admin/faq/articles/new")
    assert response.status_code == 200
    category = db.session.scalar(select(FaqCategory))
    assert category.position == 2
    response = faq_editor_client.post("/admin/faq/articles/new", data={
        "category": category.id, "question": "تنظیم ایمیل در موبایل", "answer": "درگاه ۹۹۳", "status": "published",
        "position": "۱"})
    assert response.status_code == 302
    article = db.session.scalar(select(Article))
    assert (article.position, article.status) == (1, "published")
    assert "تنظیم ایمیل در موبایل" in page_text(client.get("/faq/search", query_string={"q": "ايميل"}))


def test_an_empty_question_is_refused_and_the_answer_stays(faq_editor_client, make_faq_category, db):
    category = make_faq_category()
    response = faq_editor_client.post("/admin/faq/articles/new", data={
        "category": category.id, "question": "", "answer": "متنی که نباید گم شود", "status": "draft"})
    assert response.status_code == 200
    assert "متنی که نباید گم شود" in response.get_data(as_text=True)
    assert db.session.scalar(select(Article)) is None


def test_the_dashboard_shows_deflection_figures(faq_editor_client, make_article):
    from portal.faq import services

    services.record_suggestion_open("t1", make_article())
    html = faq_editor_client.get("/admin/faq/").get_data(as_text=True)
    assert 'data-stat="opens">۱<' in html


def test_promote_a_resolved_ticket_to_a_draft(faq_editor_client, db, make_ticket, make_faq_category):
    category = make_faq_category()
    ticket = make_ticket(subject="دامنه منقضی شده", body="دامنهٔ ما دیروز منقضی شد.", status="resolved")
    ticket.messages.append(TicketMessage(author_staff_id=faq_editor_client.staff.id, body="تا ۳۰ روز تمدید می‌شود."))
    db.session.commit()
    form = page_text(faq_editor_client.get(f"/admin/faq/promote/{ticket.number}"))
    assert "تا ۳۰ روز تمدید می‌شود." in form
    response = faq_editor_client.post(f"/admin/faq/promote/{ticket.number}", data={
        "category": category.id, "question": "دامنهٔ منقضی‌شده را چطور تمدید کنم؟", "answer": "تا ۳۰ روز."})
    article = db.session.scalar(select(Article))
    assert response.headers["Location"].endswith(f"/admin/faq/articles/{article.id}/edit")
    assert (article.status, article.source_ticket_id) == ("draft", ticket.id)


def test_frequently_asked_groups_similar_tickets_largest_first(faq_editor_client, make_ticket, make_category):
    category = make_category()
    for n, status in enumerate(["open", "resolved", "open"]):
        make_ticket(category=category, subject=f"قطعی اینترنت در منطقه {n}",
                    body="از صبح اینترنت قطع است و مودم چراغ DSL چشمک می‌زند.", status=status)
    for n in range(2):
        make_ticket(category=category, subject="فاکتور رسمی با کد اقتصادی",
                    body="فاکتور رسمی شرکت با کد اقتصادی صادر نشده است.")
    make_ticket(category=category, subject="درخواست همکاری", body="رزومهٔ من پیوست است.")
    html = faq_editor_client.get("/admin/faq/frequent?days=۷").get_data(as_text=True)
    groups = html.split('class="card mb-3 ticket-group"')[1:]
    assert len(groups) == 2
    assert groups[0].count("قطعی اینترنت") == 3 and "/admin/faq/promote/" in groups[0]
    assert groups[1].count("فاکتور رسمی") == 2
    assert "درخواست همکاری" not in html


def test_ticket_search_shows_only_tickets_the_agent_may_see(staff_client_for, make_department, make_category,
                                                            make_ticket, make_customer):
    mine, theirs = make_department(), make_department()
    customer = make_customer(full_name="نرگس تهرانی")
    visible = make_ticket(category=make_category(department=mine), customer=customer, subject="سرور کند است")
    hidden = make_ticket(category=make_category(department=theirs), subject="سرور کند است")
    agent = staff_client_for(role="agent", departments=[mine])
    html = agent.get("/admin/search", query_string={"q": "سرورها کند"}).get_data(as_text=True)
    assert visible.number in html and hidden.number not in html
    by_customer = agent.get("/admin/search", query_string={"q": customer.mobile}).get_data(as_text=True)
    assert visible.number in by_customer
    by_name = agent.get("/admin/search", query_string={"q": "نرگس"}).get_data(as_text=True)
    assert visible.number in by_name


def test_internal_notes_are_not_searchable(staff_client_for, db, make_ticket):
    ticket = make_ticket(subject="پرسش عادی")
    ticket.messages.append(TicketMessage(author_staff_id=None, body="رازمحرمانه", is_internal=True))
    db.session.commit()
    admin = staff_client_for(role="admin")
    assert ticket.number not in admin.get("/admin/search", query_string={"q": "رازمحرمانه"}).get_data(as_text=True)
    assert ticket.number in admin.get("/admin/search", query_string={"q": "پرسش عادی"}).get_data(as_text=True)


def test_customers_cannot_search_tickets(customer_client):
    assert customer_client.get("/admin/search?q=x").status_code == 403


def test_a_rolled_back_change_does_not_reach_the_index(db, make_faq_category, client):
    from portal.faq.models import Article as Model

    db.session.add(Model(category=make_faq_category(), question="لغوشده", answer="x", status="published"))
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    assert "/faq/" + "1" not in client.get("/faq/search", query_string={"q": "لغوشده"}).get_data(as_text=True)
    assert finding.search_articles("لغوشده").items == []
