"""Customer FAQ pages: access to drafts, search page states, suggestions, votes and sanitised answers."""
import re
import shutil

import pytest
from sqlalchemy import func, select

from portal.faq.models import ArticleVote, SuggestionOpen
from tests.conftest import page_text


def test_drafts_are_404_for_visitors_and_customers(client, customer_client, make_article):
    draft = make_article("پیش‌نویس", "متن", status="draft")
    for who in (client, customer_client):
        assert who.get(f"/faq/{draft.id}").status_code == 404
        assert who.post(f"/faq/{draft.id}/vote", data={"helpful": "yes"}).status_code == 404
    assert client.get("/faq/999999").status_code == 404


def test_editors_may_preview_a_draft(faq_editor_client, make_article):
    draft = make_article("پیش‌نویس", "متن", status="draft")
    response = faq_editor_client.get(f"/faq/{draft.id}")
    assert response.status_code == 200 and "پیش‌نویس" in page_text(response)


def test_article_page_counts_views_and_shows_related(client, db, make_article, make_faq_category):
    category = make_faq_category()
    article = make_article("تنظیم ایمیل در موبایل", "سرور ایمیل و درگاه ایمیل را وارد کنید.", category=category)
    other = make_article("تنظیم ایمیل در Outlook", "سرور ایمیل را در Outlook وارد کنید.", category=category)
    response = client.get(f"/faq/{article.id}")
    assert response.status_code == 200
    assert other.question in page_text(response)
    db.session.refresh(article)
    assert article.view_count == 1


def test_answer_markdown_is_rendered_without_scripts(client, make_article):
    article = make_article("امنیت", "**مهم** <script>alert(1)</script> <img src=x onerror=alert(1)> "
                                    "[بد](javascript:alert(1)) [خوب](https://example.ir)")
    html = client.get(f"/faq/{article.id}").get_data(as_text=True)
    assert "<strong>مهم</strong>" in html
    assert "<script>alert" not in html
    assert not re.search(r"<[^>]*onerror", html)
    assert 'href="javascript' not in html
    assert 'href="https://example.ir"' in html


def test_search_page_shows_results_and_a_friendly_empty_state(client, make_article):
    make_article("قطعی اینترنت", "مودم را خاموش و روشن کنید.")
    found = page_text(client.get("/faq/search", query_string={"q": "قطعي اينترنت"}))
    assert "قطعی اینترنت" in found
    empty = page_text(client.get("/faq/search", query_string={"q": "هواپیما"}))
    assert "هیچ پاسخی" in empty


@pytest.mark.app_config(PORTAL_SEARCH_BACKEND="whoosh")  # removes the index directory
def test_search_without_an_index_says_so_instead_of_failing(app, client, make_article):
    make_article("قطعی اینترنت", "مودم")
    shutil.rmtree(app.config["PORTAL_SEARCH_INDEX_DIR"])
    response = client.get("/faq/search", query_string={"q": "اینترنت"})
    assert response.status_code == 200
    assert "جست‌وجو الان در دسترس نیست" in page_text(response)
    staff_page = client.get("/faq/suggest", query_string={"q": "اینترنت"})
    assert staff_page.status_code == 200 and page_text(staff_page).strip() == ""


def test_suggest_returns_links_marked_as_suggestions(client, make_article):
    article = make_article("رمز عبور را فراموش کرده‌ام", "از صفحهٔ ورود بازیابی کنید.")
    html = client.get("/faq/suggest", query_string={"q": "رمز عبورم یادم رفته"}).get_data(as_text=True)
    assert f"/faq/{article.id}?from=suggest" in html
    assert "<html" not in html
    assert client.get("/faq/suggest", query_string={"q": "ر"}).get_data(as_text=True).strip() == ""


def test_opening_a_suggestion_records_it_for_the_session(client, db, make_article):
    article = make_article("رمز عبور", "بازیابی")
    client.get(f"/faq/{article.id}?from=suggest")
    client.get(f"/faq/{article.id}")  # an ordinary visit is not a suggestion open
    opens = db.session.scalars(select(SuggestionOpen)).all()
    assert [(o.article_id, o.converted) for o in opens] == [(article.id, False)]
    with client.session_transaction() as session:
        assert session["faq_token"] == opens[0].token


def test_one_vote_per_customer(customer_client, db, make_article):
    article = make_article("پرسش", "پاسخ")
    customer_client.post(f"/faq/{article.id}/vote", data={"helpful": "yes"})
    customer_client.post(f"/faq/{article.id}/vote", data={"helpful": "no"})  # changes the vote, adds none
    assert db.session.scalars(select(ArticleVote.helpful)).all() == [False]
    assert db.session.scalar(select(ArticleVote.voter)) == f"customer:{customer_client.customer.id}"


def test_one_vote_per_anonymous_browser_session(app, client, db, make_article):
    article = make_article("پرسش", "پاسخ")
    client.post(f"/faq/{article.id}/vote", data={"helpful": "yes"})
    client.post(f"/faq/{article.id}/vote", data={"helpful": "yes"})
    app.test_client().post(f"/faq/{article.id}/vote", data={"helpful": "yes"})  # another browser
    assert db.session.scalars(select(ArticleVote.helpful)).all() == [True, True]
    assert "۲ نفر این پاسخ را مفید" in page_text(client.get(f"/faq/{article.id}"))


def test_a_vote_needs_the_csrf_token(client, db, make_article):
    article = make_article("پرسش", "پاسخ")
    response = client.post(f"/faq/{article.id}/vote", data={"helpful": "yes", "csrf_token": "forged"})
    assert response.status_code in (302, 400)
    assert db.session.scalar(select(func.count(ArticleVote.id))) == 0


def test_home_lists_topics_and_most_viewed_questions(client, make_article, make_faq_category):
    make_article("دامنه را چطور تمدید کنم؟", "از پنل", category=make_faq_category(name="دامنه و هاست"))
    text = page_text(client.get("/"))
    assert "دامنه و هاست" in text and "دامنه را چطور تمدید کنم؟" in text
    assert "/faq/search" in client.get("/").get_data(as_text=True)


def test_the_vote_line_reads_naturally_before_and_after_votes(app, client, make_article):
    article = make_article("پرسش", "پاسخ")
    text = page_text(client.get(f"/faq/{article.id}"))
    assert "هنوز کسی به این پاسخ رأی نداده است." in text
    assert "۰ نفر" not in text
    client.post(f"/faq/{article.id}/vote", data={"helpful": "no"})
    text = page_text(client.get(f"/faq/{article.id}"))
    assert "۱ نفر این پاسخ را مفید ندانستند." in text
    assert "۰ نفر" not in text
