"""A page of search results as the pages show it: found rows with highlighted title and snippet."""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup


@dataclass
class Found:
    item: object  # the row: an Article, a Ticket ...
    title: Markup
    snippet: Markup


@dataclass
class ResultPage:
    query: str
    items: list[Found] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 10
    did_you_mean: str | None = None
    unavailable: bool = False  # the index is missing or damaged: say so instead of failing
    more: bool = False  # more match than `total`, the most a search gives back

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None

    def iter_pages(self, **_kwargs):
        return range(1, self.pages + 1)


def in_order(rows, ids):
    """Rows in the order of `ids` (best first); ids without a row are left out."""
    by_id = {row.id: row for row in rows}
    return [by_id[i] for i in ids if i in by_id]
