"""Short-lived, per-process memory of reference data read on every registration (the area's
protocol values, the organisation tree, organisations' kinds).

These change rarely and only through their services, which clear this process's memory when
they do; another worker process sees a change within ``seconds`` (30 by default). Nothing
about a child is ever kept here. Tests clear every cache between tests (root conftest).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")

_ALL: list[TtlCache[object]] = []


class TtlCache(Generic[V]):
    def __init__(self, name: str, *, seconds: float = 30.0, size: int = 4096) -> None:
        self.name = name
        self.seconds = seconds
        self.size = size
        self._items: dict[Hashable, tuple[float, V]] = {}
        self._lock = threading.Lock()
        _ALL.append(self)  # type: ignore[arg-type]

    def get(self, key: Hashable) -> V | None:
        hit = self._items.get(key)
        if hit is not None and hit[0] > time.monotonic():
            return hit[1]
        return None

    def set(self, key: Hashable, value: V) -> None:
        with self._lock:
            if len(self._items) >= self.size:
                self._items.clear()
            self._items[key] = (time.monotonic() + self.seconds, value)

    def get_or_set(self, key: Hashable, compute: Callable[[], V]) -> V:
        hit = self.get(key)
        if hit is not None:
            return hit
        value = compute()
        self.set(key, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def caches_clear() -> None:
    """Forget everything remembered in this process (after a change, and between tests)."""
    for cache in _ALL:
        cache.clear()
