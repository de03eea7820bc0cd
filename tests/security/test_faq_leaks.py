"""The FAQ leaks nothing from drafts, and anonymous votes cannot be stuffed from one address."""
import pytest

from portal.faq import services
from portal.faq.models import ArticleVote
from portal.extensions import db


def _did_you_mean(client, q):
    import re
    html = client.get("/faq/search", query_string={"q": q}).get_data(as_text=True)
    found = re.search(r'class="did-you-mean">.*?class="fw-bold">([^<]*)</a>', html, re.S)
    return found.group(1) if found else None


def test_did_you_mean_is_built_from_published_articles_only(client):
    category = services.create_category(name="اینترنت")
    services.create_article(category=category, question="مودم روشن نمی‌شود", answer="آداپتور را بررسی کنید.",
                            status="published")
    # A draft promoted from a ticket holds a customer's words.
    services.create_article(category=category, question="پیش‌نویس", answer="رمز وای‌فای من کرمانشاهی۱۲ است",
                            status="draft")
    for typo in ("کرمانشاهیی", "کرمانشاهیا"):
        assert _did_you_mean(client, typo) is None, typo
    # Words of published articles are still suggested.
    assert _did_you_mean(client, "آداپتوور") == "آداپتور"


@pytest.mark.app_config(RATELIMIT_ENABLED=True, PORTAL_FAQ_ANONYMOUS_VOTE_LIMIT="2 per day")
def test_fresh_sessions_from_one_address_cannot_stuff_votes(app, customer_client):
    category = services.create_category(name="اینترنت")
    article = services.create_article(category=category, question="مودم", answer="روشن کنید", status="published")
    statuses = []
    for _ in range(5):
        fresh = app.test_client()
        fresh.get(f"/faq/{article.id}")
        statuses.append(fresh.post(f"/faq/{article.id}/vote", data={"helpful": "no"}).status_code)
    assert statuses == [302, 302, 429, 429, 429]
    assert db.session.query(ArticleVote).count() == 2
    # Signed-in people vote as themselves, whatever the address has done.
    for _ in range(3):
        assert customer_client.post(f"/faq/{article.id}/vote", data={"helpful": "yes"}).status_code == 302
    assert db.session.query(ArticleVote).count() == 3


def test_staff_vote_as_themselves(staff_client_in):
    category = services.create_category(name="اینترنت")
    article = services.create_article(category=category, question="مودم", answer="روشن کنید", status="published")
    staff = staff_client_in("agent")
    staff.post(f"/faq/{article.id}/vote", data={"helpful": "yes"})
    with staff.session_transaction() as session:
        session.clear()  # a new session of the same person
    from tests.conftest import sign_in_staff
    sign_in_staff(staff, staff.staff)
    staff.post(f"/faq/{article.id}/vote", data={"helpful": "no"})
    assert [v.voter for v in db.session.query(ArticleVote)] == [f"staff:{staff.staff.id}"]
