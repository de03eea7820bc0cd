"""The synonym table: groups of words and phrases a search treats alike, edited by staff, applied at
query time (so editing a group needs no reindex).

A group is one line: entries separated by commas («,» or «،»); an entry may be several words.
"""
from __future__ import annotations

import re

from sqlalchemy import delete, select

from ..extensions import db
from .analyzer import query_terms
from .models import SynonymGroup

_SEPARATORS = re.compile(r"[,،;؛]")
MAX_GROUPS = 2000
MAX_LINE = 500

# Common support vocabulary, seeded by the migration; staff change it at /admin/faq/synonyms.
DEFAULT_GROUPS = (
    "رمز عبور, گذرواژه, پسورد",
    "اینترنت, نت, اتصال",
    "قطع, وصل نمی‌شود, وصل نمیشه, قطعی",
    "ایمیل, رایانامه, پست الکترونیک, میل",
    "موبایل, تلفن همراه, گوشی",
    "صورتحساب, فاکتور, قبض",
    "پرداخت, واریز",
    "وای‌فای, وایفای, wifi",
    "مودم, روتر",
    "حساب کاربری, اکانت",
    "ورود, لاگین",
    "سرعت پایین, کندی, کند",
    "تغییر, عوض",
)


def parse(text: str) -> list[list[str]]:
    """Lines of comma-separated entries -> groups of at least two distinct entries; ValueError if too long."""
    groups = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if len(line) > MAX_LINE:
            raise ValueError(line[:40])
        entries = []
        for entry in _SEPARATORS.split(line):
            entry = " ".join(entry.split())
            if entry and entry not in entries:
                entries.append(entry)
        if len(entries) >= 2:
            groups.append(entries)
    if len(groups) > MAX_GROUPS:
        raise ValueError(str(len(groups)))
    return groups


def as_text(groups: list[list[str]]) -> str:
    return "\n".join("، ".join(entries) for entries in groups)


def current_groups() -> list[list[str]]:
    return [parse(row.words)[0] for row in db.session.scalars(select(SynonymGroup).order_by(SynonymGroup.id))
            if parse(row.words)]


def replace_all(groups: list[list[str]]) -> None:
    """The table becomes exactly these groups; commits."""
    db.session.execute(delete(SynonymGroup))
    db.session.add_all(SynonymGroup(words=", ".join(entries)) for entries in groups)
    db.session.commit()


def expansions(terms: list[str], groups: list[list[str]] | None = None) -> list[tuple[list[str], list[str]]]:
    """For a query's stemmed terms: (alternative, entry) for each other entry of every group one of whose
    entries the query contains (as stemmed terms, in order); both are lists of stemmed terms."""
    groups = current_groups() if groups is None else groups
    found: list[tuple[list[str], list[str]]] = []
    for entries in groups:
        analysed = [query_terms(entry) for entry in entries]
        present = next((a for a in analysed if a and _contains(terms, a)), None)
        if present is None:
            continue
        for alternative in analysed:
            if alternative and not _contains(terms, alternative) and all(alternative != f[0] for f in found):
                found.append((alternative, present))
    return found


def _contains(terms: list[str], part: list[str]) -> bool:
    return any(terms[i:i + len(part)] == part for i in range(len(terms) - len(part) + 1))
