"""Every string a person sees is translated: a missing, empty or fuzzy Persian (or English) entry fails."""
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
METHOD_MAP = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None,
            "pgettext": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _source_messages():
    found = {}
    # Only dot-directories are skipped: Babel's default would also skip templates/_macros/.
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            str(ROOT / "portal"), METHOD_MAP, keywords=KEYWORDS,
            directory_filter=lambda path: not Path(path).name.startswith(".")):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, filename)
    return found


SOURCE = _source_messages()
assert len(SOURCE) > 50, "message extraction found almost nothing"


def _catalog(locale):
    with (ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=locale)


@pytest.mark.parametrize("locale", ["fa", "en"])
def test_every_message_is_translated(locale):
    catalog = _catalog(locale)
    problems = []
    for msgid, filename in sorted(SOURCE.items()):
        message = catalog.get(msgid)
        strings = [] if message is None else ([message.string] if isinstance(message.string, str) else list(message.string))
        if message is None:
            problems.append(f"missing: {msgid!r} ({filename})")
        elif not all(strings):
            problems.append(f"untranslated: {msgid!r} ({filename})")
        elif message.fuzzy:
            problems.append(f"fuzzy: {msgid!r} ({filename})")
        elif any(set(PLACEHOLDER.findall(msgid)) != set(PLACEHOLDER.findall(s)) for s in strings):
            problems.append(f"placeholders differ: {msgid!r}")
    assert not problems, f"{len(problems)} {locale} catalog problems; run `make messages` and translate:\n" + "\n".join(problems)


def test_persian_catalog_is_really_persian():
    catalog = _catalog("fa")
    latin_only = [m.id for m in catalog if m.id and isinstance(m.string, str) and m.string
                  and not re.search(r"[\u0600-\u06FF]", m.string) and re.search(r"[A-Za-z]{4,}", m.string)
                  and m.id not in {"CSV", "SLA", "NPS", "CSAT", "API"}]
    assert not latin_only, latin_only
