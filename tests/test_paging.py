"""One page-number reader for every list: Persian, Arabic-Indic and ASCII digits; junk and extremes clamp."""
import pytest

from portal.paging import MAX_PAGE, page_number


@pytest.mark.parametrize("raw, expected", [
    ("3", 3), ("۳", 3), ("٣", 3), ("۱۲", 12), (" 7 ", 7), (None, 1), ("", 1), ("abc", 1), ("0", 1), ("-4", 1),
    ("9" * 30, MAX_PAGE), (5, 5),
])
def test_page_number(raw, expected):
    assert page_number(raw) == expected


def test_lists_read_persian_page_numbers(staff_client_for):
    staff = staff_client_for(role="admin")
    for url in ("/admin/audit?page=۲", "/admin/customers/?page=۲", "/admin/tickets/?page=۹۹۹"):
        assert staff.get(url).status_code == 200, url
    # A page number past any list is not found, however it is written (never an error from the database).
    assert staff.get("/admin/tickets/?page=۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹").status_code == 404
