"""A bounded mapping that forgets the least recently used keys (redelivered events, ids)."""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Recent(Generic[K, V]):
    """A bounded mapping that forgets the least recently used keys (delivery memory only)."""

    def __init__(self, size: int) -> None:
        """Keep at most `size` keys."""
        self._size = size
        self._items: OrderedDict[K, V] = OrderedDict()

    def put(self, key: K, value: V) -> bool:
        """Store `key`; True if it was not there yet."""
        new = key not in self._items
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self._size:
            self._items.popitem(last=False)
        return new

    def get(self, key: K) -> V | None:
        """The value for `key`, or None."""
        return self._items.get(key)

    def discard(self, key: K) -> None:
        """Forget `key` if present."""
        self._items.pop(key, None)

    def __contains__(self, key: object) -> bool:
        return key in self._items
