"""The one reading of a page number from a URL: Persian, Arabic-Indic or ASCII digits, clamped."""
from .persian import to_ascii_digits

MAX_PAGE = 10_000  # far past any real list; keeps OFFSET and integer sizes sane


def page_number(value) -> int:
    """A page number >= 1 from what the URL carried; anything unreadable is page 1."""
    try:
        return max(1, min(int(to_ascii_digits(str(value)).strip()), MAX_PAGE))
    except (TypeError, ValueError):
        return 1
