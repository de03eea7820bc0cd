"""A small per-process cache of derived values (word lists, postings) that are never stale: their keys name
what they were read from (a segment never changes once written)."""
from __future__ import annotations

import threading
from collections import OrderedDict


class Recent:
    """The most recently used values, as many as add up to `budget` (by `size`)."""

    def __init__(self, budget: int, size=lambda value: 1):
        self.values: OrderedDict = OrderedDict()
        self.budget, self.size, self.used = budget, size, 0
        self._lock = threading.Lock()  # threads of one process share it

    def get(self, key, make):
        with self._lock:
            if key in self.values:
                self.values.move_to_end(key)
                return self.values[key]
        value = make()  # outside the lock: two threads may both make it, and both get a right value
        with self._lock:
            if key not in self.values:
                self.values[key] = value
                self.used += self.size(value)
            while self.used > self.budget and len(self.values) > 1:
                self.used -= self.size(self.values.popitem(last=False)[1])
        return value

    def clear(self) -> None:
        with self._lock:
            self.values.clear()
            self.used = 0
