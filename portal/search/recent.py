"""A small per-process cache of derived values (word lists, postings) that are never stale: their keys name
what they were read from (a segment never changes once written)."""
from __future__ import annotations

from collections import OrderedDict


class Recent:
    """The most recently used values, as many as add up to `budget` (by `size`)."""

    def __init__(self, budget: int, size=lambda value: 1):
        self.values: OrderedDict = OrderedDict()
        self.budget, self.size, self.used = budget, size, 0

    def get(self, key, make):
        if key in self.values:
            self.values.move_to_end(key)
            return self.values[key]
        value = self.values[key] = make()
        self.used += self.size(value)
        while self.used > self.budget and len(self.values) > 1:
            self.used -= self.size(self.values.popitem(last=False)[1])
        return value

    def clear(self) -> None:
        self.values.clear()
        self.used = 0
