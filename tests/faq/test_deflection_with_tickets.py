"""Suggested articles and the new-ticket form together: a ticket sent after reading one is not a deflection."""
from portal.faq.models import SuggestionOpen


def test_ticket_after_a_suggested_article_is_not_deflected(customer_client, make_article, make_category, db):
    article = make_article(question="اینترنت قطع است")
    topic = make_category(name="قطعی اینترنت")
    assert customer_client.get(f"/faq/{article.id}", query_string={"from": "suggest"}).status_code == 200
    assert db.session.query(SuggestionOpen).one().converted is False

    response = customer_client.post("/tickets/new", data={
        "subject": "اینترنت هنوز قطع است", "body": "مقاله را خواندم و مشکل حل نشد.", "category": str(topic.id)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.query(SuggestionOpen).one().converted is True


def test_leaving_after_a_suggested_article_stays_deflected(customer_client, make_article, make_category, db):
    article = make_article(question="تغییر گذرواژه")
    customer_client.get(f"/faq/{article.id}", query_string={"from": "suggest"})
    customer_client.get("/tickets/")
    db.session.expire_all()
    assert db.session.query(SuggestionOpen).one().converted is False
