"""The search page, the home box, the suggestions under the new-ticket subject and the API give the same ranking."""
import re

import pytest

from bench import search_quality as quality

QUERIES = ["چطور گذرواژه‌ام را عوض کنم؟", "اينترنت قطع شده", "بكاپ از كنترل پنل هاست", "قبض ماهانه", "دامنم منقزی شده"]


def _ids(html: str, pattern: str) -> list[int]:
    return [int(found) for found in re.findall(pattern, html)]


@pytest.fixture
def demo_faq(db):
    quality.seed_default_synonyms()
    return quality.load_fixture("demo", quality.load_articles())


def test_the_four_places_rank_alike(client, demo_faq, make_customer):
    from portal.channels.api import tokens

    token = tokens.create_token(make_customer(), name="search")[1]
    home = client.get("/").get_data(as_text=True)
    box = re.search(r'<form[^>]*action="([^"]+)"[^>]*role="search"', home)
    assert box and box.group(1) == "/faq/search" and 'name="q"' in home  # the home box asks the search page
    for text in QUERIES:
        page = _ids(client.get(box.group(1), query_string={"q": text}).get_data(as_text=True),
                    r'class="h6 d-block" href="/faq/(\d+)"')
        suggested = _ids(client.get("/faq/suggest", query_string={"q": text}).get_data(as_text=True),
                         r'href="/faq/(\d+)\?from=suggest"')
        api = [item["id"] for item in client.get("/api/v1/faq/search", query_string={"q": text},
                                                 headers={"Authorization": f"Bearer {token}"}).json["items"]]
        assert page, text
        assert page[:3] == suggested[:3] == api[:3], text
