"""Tokens: 401 problems without a valid one, revocation, last use, and the owner's permissions."""
from portal.channels.api import tokens
from portal.channels.api.models import ApiToken
from portal.extensions import db


def test_missing_wrong_and_revoked_tokens_get_401_problem(api, token_for, make_customer):
    customer = make_customer()
    raw = token_for(customer)
    for caller in (api(None), api("pk_not-a-real-token"), api("not-even-bearer")):
        response = caller.get("/api/v1/tickets")
        assert response.status_code == 401
        assert response.content_type == "application/problem+json"
        assert response.json["status"] == 401
        assert response.json["title"] == "برای این درخواست توکن API لازم است."
        assert "Bearer" in response.headers["WWW-Authenticate"]
    assert api(raw).get("/api/v1/tickets").status_code == 200

    token = db.session.scalar(db.select(ApiToken))
    tokens.revoke(token, actor=customer)
    assert api(raw).get("/api/v1/tickets").status_code == 401


def test_token_is_stored_hashed_and_records_last_use(api, token_for, make_customer):
    raw = token_for(make_customer())
    token = db.session.scalar(db.select(ApiToken))
    assert raw not in (token.token_hash, token.prefix) and token.token_hash == tokens.hash_token(raw)
    assert token.last_used_at is None
    api(raw).get("/api/v1/tickets")
    db.session.refresh(token)
    assert token.last_used_at is not None


def test_staff_token_stops_working_when_the_role_loses_api_tokens(api, token_for, agent, db):
    raw = token_for(agent)
    assert api(raw).get("/api/v1/tickets").status_code == 200
    agent.role.set_permissions(agent.role.permissions - {"api.tokens"})
    db.session.commit()
    assert api(raw).get("/api/v1/tickets").status_code == 401


def test_disabled_account_token_is_refused(api, token_for, make_customer, db):
    customer = make_customer()
    raw = token_for(customer)
    customer.active = False
    db.session.commit()
    assert api(raw).get("/api/v1/tickets").status_code == 401


def test_unknown_api_path_is_a_problem(api, token_for, make_customer):
    response = api(token_for(make_customer())).get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"
    assert response.json["title"] == "پیدا نشد."


def test_post_without_csrf_token_is_accepted(api, token_for, make_customer, category):
    """The API is CSRF-exempt (token auth, no cookies); the pages keep their CSRF check."""
    response = api(token_for(make_customer())).post("/api/v1/tickets", json={
        "subject": "بدون CSRF", "body": "متن", "category_id": category.id})
    assert response.status_code == 201, response.json


@__import__("pytest").mark.app_config(RATELIMIT_ENABLED=True, PORTAL_API_RATE_LIMIT="3 per minute")
def test_rate_limit_per_token_answers_429_with_retry_after(api, token_for, make_customer):
    first, second = token_for(make_customer()), token_for(make_customer())
    for _ in range(3):
        assert api(first).get("/api/v1/tickets").status_code == 200
    limited = api(first).get("/api/v1/tickets")
    assert limited.status_code == 429
    assert limited.content_type == "application/problem+json"
    assert int(limited.headers["Retry-After"]) > 0
    assert limited.json["title"] == "درخواست‌ها بیش از حد است؛ کمی بعد دوباره تلاش کنید."
    assert api(second).get("/api/v1/tickets").status_code == 200  # another token has its own count


def test_problem_title_follows_accept_language(client):
    english = client.get("/api/v1/tickets", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert english.json["title"] == "An API token is needed."
    assert client.get("/api/v1/tickets").json["title"] == "برای این درخواست توکن API لازم است."  # Farsi by default
