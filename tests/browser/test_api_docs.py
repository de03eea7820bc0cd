"""/api/v1/docs in Chromium: Swagger UI from the portal's own static files renders every operation, and
the page asks nothing of any other host."""
import pytest

pytestmark = pytest.mark.browser


def test_docs_page_renders_the_document_from_local_files(live_server, page):
    from playwright.sync_api import expect

    elsewhere = []

    def only_local(route):
        if route.request.url.startswith(live_server):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto(live_server + "/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Pishkhan REST API")
    for path in ("/api/v1/tickets", "/api/v1/tickets/{number}/replies", "/api/v1/customers",
                 "/api/v1/interactions", "/api/v1/faq/search"):
        expect(page.locator(f".opblock-summary-path[data-path='{path}']").first).to_be_visible()
    expect(page.locator(".swagger-ui .auth-wrapper .authorize")).to_be_visible()  # the bearer token button
    assert elsewhere == []
