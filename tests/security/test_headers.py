"""What every page sends: a Content-Security-Policy without inline scripts, no framing, no caching of personal
data, HSTS and Secure cookies on https, no server version, and the client's address behind a proxy."""
import re
import threading
import urllib.request

import pytest
from werkzeug.serving import make_server

from portal.audit import AuditEntry
from portal.extensions import db
from tests.conftest import TEST_PASSWORD

EMBEDDABLE = {"/contact/embed"}
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
# An inline script would need 'unsafe-inline'; a JSON data block (charts) is not executed.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)


def _plain_get_urls(app):
    """Every GET route that takes no argument (the site's pages, JSON and exports)."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and not rule.arguments and not rule.rule.startswith("/static"):
            urls.append(rule.rule)
    return sorted(urls)


def _check_page(url, response):
    csp = response.headers.get("Content-Security-Policy", "")
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives.get("script-src") == "'self'", url
    if url in EMBEDDABLE:  # the contact form other sites may frame, and nothing else
        assert directives.get("frame-ancestors") == "*" and "X-Frame-Options" not in response.headers, url
    else:
        assert directives.get("frame-ancestors") == "'none'", url
        assert response.headers["X-Frame-Options"] == "DENY", url
    assert directives.get("object-src") == "'none'", url
    assert response.headers["X-Content-Type-Options"] == "nosniff", url
    assert response.headers["X-XSS-Protection"] == "0", url
    if response.mimetype == "text/html":
        html = response.get_data(as_text=True)
        assert not INLINE_HANDLER.search(html), (url, INLINE_HANDLER.search(html).group(0))
        assert not INLINE_SCRIPT.search(html), url
        assert "javascript:" not in html and "js:" not in html, url


def test_every_page_has_the_policy_for_every_kind_of_visitor(app, client, customer_client, staff_client_in,
                                                             seen_customer, make_ticket):
    admin = staff_client_in("admin")
    ticket = make_ticket(customer=customer_client.customer)
    extra = [f"/tickets/{ticket.number}", f"/admin/tickets/{ticket.number}", f"/admin/customers/{seen_customer.id}",
             "/no-such-page"]
    checked = 0
    for who in (client, customer_client, admin):
        for url in _plain_get_urls(app) + extra:
            response = who.get(url)
            if response.status_code >= 500 and url != "/readyz":  # 503 is how /readyz says "not ready"
                pytest.fail(f"{url} answered {response.status_code}")
            _check_page(url, response)
            checked += 1
    assert checked > 60


def test_personal_data_is_never_cached(staff_client_in, seen_customer, client):
    supervisor = staff_client_in("supervisor")
    for url in (f"/admin/customers/{seen_customer.id}", "/admin/customers/export.csv",
                "/admin/customers/search.json?q=zahra", "/admin/customers/"):
        assert supervisor.get(url).headers["Cache-Control"] == "no-store", url
    reveal = supervisor.post(f"/admin/customers/{seen_customer.id}/reveal", data={"field": "mobile"})
    assert reveal.headers["Cache-Control"] == "no-store"
    revealed = supervisor.get(f"/admin/customers/{seen_customer.id}")
    assert "۰۹۱۲۱۲۳۴۵۶۷" in revealed.get_data(as_text=True) and revealed.headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/static/js/portal.js").headers.get("Cache-Control", "")


def test_cookies_are_httponly_lax_and_not_secure_on_http(client, make_customer):
    customer = make_customer()
    response = client.post("/auth/login", data={"identifier": customer.mobile, "password": TEST_PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert "Strict-Transport-Security" not in response.headers


@pytest.mark.app_config(PORTAL_BASE_URL="https://portal.example")
def test_https_gets_secure_cookies_and_hsts(client, make_customer):
    customer = make_customer()
    response = client.post("/auth/login", data={"identifier": customer.mobile, "password": TEST_PASSWORD})
    assert "Secure" in response.headers["Set-Cookie"] and "HttpOnly" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.app_config(PORTAL_BASE_URL="https://portal.example", PORTAL_SECURE_COOKIES=False)
def test_the_secure_flag_can_be_set_apart(client, make_customer):
    customer = make_customer()
    response = client.post("/auth/login", data={"identifier": customer.mobile, "password": TEST_PASSWORD})
    assert "Secure" not in response.headers["Set-Cookie"]


def _failed_login_ip(client):
    client.post("/auth/login", data={"identifier": "nobody", "password": "wrong"},
                environ_base={"REMOTE_ADDR": "10.0.0.1"}, headers={"X-Forwarded-For": "198.51.100.7"})
    return db.session.query(AuditEntry).filter_by(action="login.failed").order_by(AuditEntry.id.desc()).first().ip


def test_without_proxy_fix_forwarded_headers_are_ignored(client):
    assert _failed_login_ip(client) == "10.0.0.1"


@pytest.mark.app_config(PORTAL_PROXY_FIX=1)
def test_proxy_fix_gives_the_client_address_to_limits_and_audit(client):
    assert _failed_login_ip(client) == "198.51.100.7"


def test_an_embeddable_view_gets_its_own_policy(app):
    from portal.headers import embeddable

    app.add_url_rule("/embedded-test", "embedded_test", embeddable(lambda: "<form></form>"))
    response = app.test_client().get("/embedded-test")
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_the_running_server_does_not_name_its_version(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/static/js/portal.js") as response:
            server_header = response.headers["Server"]
    finally:
        server.shutdown()
    assert "werkzeug" not in server_header.lower() and "python" not in server_header.lower()


def test_no_template_needs_unsafe_inline():
    # Pages behind ids (a ticket, a role, an article's edit form) are not all reached by the crawl above: the
    # templates themselves carry no inline handler, no inline script, no javascript: link, no htmx eval.
    from pathlib import Path

    import portal
    templates = sorted(Path(portal.__file__).parent.rglob("templates/**/*.html"))
    assert len(templates) > 50
    for path in templates:
        html = path.read_text()
        assert not INLINE_HANDLER.search(html), (path, INLINE_HANDLER.search(html).group(0))
        assert not INLINE_SCRIPT.search(html), path
        assert not re.search(r"javascript:|hx-on|hx-vars|js:", html, re.I), path
