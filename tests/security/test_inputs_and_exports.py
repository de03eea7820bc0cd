"""Exports, ids, page numbers, control characters and the links in notifications."""
import csv
import io
import re

import pytest
from werkzeug.routing import IntegerConverter

from portal.accounts.models import Customer
from portal.extensions import db
from portal.notify.models import OutboxMessage
from portal.spreadsheets import neutralise
from tests.conftest import TEST_PASSWORD


def test_csv_export_neutralises_formulas_and_sends_one_charset(staff_client_in, make_customer):
    for name in ("=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)"):
        make_customer(full_name=name)
    make_customer(full_name="زهرا موسوی")
    response = staff_client_in("supervisor").get("/admin/customers/export.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Type"].count("charset") == 1
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    names = {row[1] for row in rows[1:]}
    assert {"'=HYPERLINK(\"http://evil.example\",\"x\")", "'+1+1", "'-2+3", "'@SUM(A1)", "زهرا موسوی"} <= names
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)
    assert [neutralise(v) for v in ("\tx", "\ry", "plain", 5)] == ["'\tx", "'\ry", "plain", 5]


@pytest.mark.parametrize("url", [
    "/admin/customers/{big}", "/admin/access/staff/{big}", "/admin/access/departments/{big}",
    "/faq/{big}", "/faq/category/{big}", "/admin/customers/?page={big}", "/admin/tickets/?page={big}",
    "/admin/customers/{id}?tickets_page={big}", "/admin/outbox/?page={big}", "/admin/audit?page={big}",
])
def test_ids_and_pages_too_large_for_the_database_are_not_found(staff_client_in, seen_customer, url):
    client = staff_client_in("admin")
    response = client.get(url.format(big="9" * 30, id=seen_customer.id))
    assert response.status_code == 404, response.status_code


def test_a_too_large_id_in_a_post_is_not_found(staff_client_in):
    client = staff_client_in("admin")
    assert client.post(f"/admin/outbox/{'9' * 30}/requeue").status_code == 404
    assert client.post(f"/admin/customers/{'9' * 30}/reveal", data={"field": "mobile"}).status_code == 404


def test_control_characters_never_reach_the_database(client):
    response = client.post("/auth/register", data={
        "full_name": "زهرا\x00 موسوی\x07", "mobile": "09121112233", "password": "Sabz-Kooh-1405-x",
        "confirm": "Sabz-Kooh-1405-x", "username": "za\x00hra"})
    assert response.status_code == 302, response.get_data(as_text=True)
    customer = db.session.scalar(db.select(Customer).where(Customer.mobile == "09121112233"))
    assert customer.full_name == "زهرا موسوی" and customer.username == "zahra"


def test_control_characters_in_search_and_paths(client, staff_client_in):
    assert client.get("/faq/search", query_string={"q": "اینترنت\x00"}).status_code == 200
    staff = staff_client_in("admin")
    assert staff.get("/admin/customers/", query_string={"q": "\x00zahra\x1b"}).status_code == 200
    assert staff.get("/admin/tickets/12%0034").status_code == 404


def test_a_line_break_in_next_is_no_header_injection(client):
    # Found by wapiti: GET /lang/en?next=/%0Aenv; answered 500.
    for target in ("/%0Aenv;", "/%0D%0ASet-Cookie:%20x=1", "/faq/%09"):
        response = client.get(f"/lang/en?next={target}")
        assert response.status_code == 302, target
        assert not any(c in response.headers["Location"] for c in "\r\n\t")
        assert "x=1" not in " ".join(response.headers.getlist("Set-Cookie"))
    from portal.accounts.sessions import safe_next
    assert safe_next("/a\nb", "/") == "/" and safe_next("/tickets/", "/") == "/tickets/"


def test_links_in_notifications_use_the_base_url_not_the_host(app, make_customer, make_category):
    app.config["PORTAL_BASE_URL"] = "https://portal.example/help"
    customer = make_customer()
    category = make_category()
    client = app.test_client()
    client.post("/auth/login", data={"identifier": customer.mobile, "password": TEST_PASSWORD})
    token = client.csrf_token()
    # The browser of someone who reached the portal under another Host sends its cookie there.
    client.set_cookie("session", client.get_cookie("session", domain="portal.test").value, domain="evil.example")
    response = client.post("/tickets/new", data={"subject": "اینترنت قطع است", "body": "از صبح وصل نمی‌شود",
                                                 "category": category.id, "csrf_token": token},
                           headers={"Host": "evil.example"})
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    messages = db.session.query(OutboxMessage).filter_by(recipient_id=customer.id).all()
    assert messages
    for message in messages:
        body = message.body_text + (message.body_html or "")
        assert "evil.example" not in body
        if "/tickets/" in body:
            assert "https://portal.example/help/tickets/" in body


def test_reset_messages_use_the_base_url_not_the_host(app, make_customer, make_staff):
    app.config["PORTAL_BASE_URL"] = "https://portal.example/help"
    customer = make_customer(email="zahra@example.ir")
    staff = make_staff(role="agent")
    evil = {"Host": "evil.example"}
    for path, identifier in (("/auth/reset", customer.mobile), ("/admin/reset", staff.email)):
        client = app.test_client()
        token = client.csrf_token()
        # The browser of someone who reached the portal under another Host sends its cookie there.
        client.set_cookie("session", client.get_cookie("session", domain="portal.test").value, domain="evil.example")
        response = client.post(path, data={"identifier": identifier, "csrf_token": token}, headers=evil)
        assert response.status_code == 302, (path, response.status_code)
    bodies = [m.body_text + (m.body_html or "") for m in db.session.query(OutboxMessage).all()]
    assert len(bodies) >= 2
    for body in bodies:
        assert "evil.example" not in body
    assert any("https://portal.example/help/admin/reset/" in body for body in bodies)


def test_api_search_links_use_the_base_url_not_the_host(app, make_staff):
    from portal.channels.api import tokens
    from portal.faq import services as faq
    app.config["PORTAL_BASE_URL"] = "https://portal.example/help"
    category = faq.create_category(name="حساب کاربری")
    faq.create_article(category=category, question="رمز عبور را فراموش کرده‌ام", answer="از صفحه‌ی ورود",
                       status="published")
    staff = make_staff(role="admin")
    token = tokens.create_token(staff, name="t")[1]
    response = app.test_client().get("/api/v1/faq/search", query_string={"q": "رمز عبور"},
                                     headers={"Authorization": f"Bearer {token}", "Host": "evil.example"})
    assert response.status_code == 200, response.json
    urls = [item["url"] for item in response.json["items"]]
    assert urls and all(url.startswith("https://portal.example/help/faq/") for url in urls)


def test_every_route_with_an_id_answers_a_too_large_one_with_not_found(app, staff_client_in, client):
    # 30-digit ids raised OverflowError (a 500) on several routes; now no id route may.
    admin = staff_client_in("admin")
    checked = 0
    for rule in app.url_map.iter_rules():
        if not any(isinstance(conv, IntegerConverter) for conv in rule._converters.values()):
            continue
        url = re.sub(r"<[^>]+>", "9" * 30, rule.rule)
        method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
        for who in (admin, client):
            response = who.open(url, method=method)
            assert response.status_code == 404, (method, url, response.status_code)
            checked += 1
    assert checked > 60
