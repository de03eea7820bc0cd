"""The digits a page shows follow the language of that request, whichever language a fresh instance
showed first (a filter on a literal used to be folded once, in the first request's language)."""
import pytest

from portal import create_app
from tests.conftest import PortalClient, _base_config


def _fresh_client(tmp_path):
    app = create_app(_base_config(tmp_path))
    app.test_client_class = PortalClient
    return app, app.test_client()


def _register_page(client, lang):
    with client.session_transaction() as session:
        session["lang"] = lang
    return client.get("/auth/register").get_data(as_text=True)


@pytest.mark.parametrize("order", [("en", "fa"), ("fa", "en")])
def test_digits_follow_each_request_whichever_language_came_first(tmp_path, order, db):
    app, client = _fresh_client(tmp_path)
    with app.app_context():
        pages = {lang: _register_page(client, lang) for lang in order}
    assert 'placeholder="۰۹۱۲۱۲۳۴۵۶۷"' in pages["fa"]
    assert 'placeholder="09121234567"' in pages["en"]
