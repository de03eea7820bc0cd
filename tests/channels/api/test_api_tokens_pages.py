"""Token pages (staff and customer), the create-api-token command, the document and the docs page."""
import re

from portal.channels.api.models import ApiToken
from portal.extensions import db
from tests.conftest import page_text


def _shown_token(response) -> str:
    return re.search(r'id="new-token"[^>]*>(pk_[^<]+)<', response.get_data(as_text=True)).group(1)


def test_staff_creates_a_token_shown_once_and_revokes_it(staff_client_for, grant, api):
    client = staff_client_for(role="agent")
    assert client.get("/admin/api-tokens/").status_code == 403  # the role lacks api.tokens
    grant(client.staff, "api.tokens")
    created = client.post("/admin/api-tokens/", data={"name": "سامانه تلفن"})
    raw = _shown_token(created)
    assert created.headers["Cache-Control"] == "no-store"
    assert api(raw).get("/api/v1/tickets").status_code == 200
    listing = client.get("/admin/api-tokens/")
    assert raw not in listing.get_data(as_text=True) and "سامانه تلفن" in page_text(listing)
    token = db.session.scalar(db.select(ApiToken))
    assert token.staff_id == client.staff.id
    client.post(f"/admin/api-tokens/{token.id}/revoke")
    assert api(raw).get("/api/v1/tickets").status_code == 401


def test_nobody_revokes_someone_elses_token(staff_client_for, grant, token_for, make_customer):
    other_token = token_for(make_customer())
    client = staff_client_for(role="admin")
    token = db.session.scalar(db.select(ApiToken))
    assert client.post(f"/admin/api-tokens/{token.id}/revoke").status_code == 404
    db.session.refresh(token)
    assert token.revoked_at is None and other_token


def test_customer_creates_a_token_for_their_own_data(customer_client, api, open_ticket, make_customer):
    mine = open_ticket(customer=customer_client.customer)
    open_ticket(customer=make_customer())
    raw = _shown_token(customer_client.post("/api-tokens/", data={"name": ""}))
    numbers = [t["number"] for t in api(raw).get("/api/v1/tickets").json["items"]]
    assert numbers == [mine.number]
    token = db.session.scalar(db.select(ApiToken))
    assert (token.customer_id, token.name) == (customer_client.customer.id, "توکن API")


def test_pages_need_their_side(client, customer_client):
    assert client.get("/api-tokens/").status_code == 302  # to the login
    assert customer_client.get("/admin/api-tokens/").status_code in (302, 403)


def test_create_api_token_prints_the_token_on_its_last_line(app, make_staff, api):
    admin = make_staff(role="admin", email="ops@pishkhan.test")
    result = app.test_cli_runner().invoke(args=["create-api-token", "--email", "OPS@pishkhan.test", "--name", "crm"])
    assert result.exit_code == 0, result.output
    raw = result.output.strip().splitlines()[-1]
    assert raw.startswith("pk_") and " " not in raw
    assert api(raw).get("/api/v1/tickets").status_code == 200
    assert db.session.scalar(db.select(ApiToken)).staff_id == admin.id


def test_create_api_token_refuses_unknown_or_unpermitted_staff(app, make_staff):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["create-api-token", "--email", "nobody@pishkhan.test"]).exit_code != 0
    agent = make_staff(role="agent")
    result = runner.invoke(args=["create-api-token", "--email", agent.email])
    assert result.exit_code != 0 and "api.tokens" in result.output
    assert db.session.scalar(db.select(ApiToken)) is None


def test_openapi_document_and_docs_page(client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.1")
    assert {"/api/v1/tickets", "/api/v1/tickets/{number}", "/api/v1/tickets/{number}/replies",
            "/api/v1/tickets/{number}/notes", "/api/v1/customers", "/api/v1/customers/{number}",
            "/api/v1/interactions", "/api/v1/faq/search"} <= set(document["paths"])
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    docs = client.get("/api/v1/docs").get_data(as_text=True)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs and "//cdn" not in docs and "unpkg" not in docs
