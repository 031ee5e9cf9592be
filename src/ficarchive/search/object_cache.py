"""A per-process cache that keeps values as they are, for the `cards` cache (`search.rendered`).

Django's local-memory cache pickles every value on the way in and out, so that a caller cannot
change what another caller reads; for a page of twenty rendered cards that costs more than the
rest of the page's lookups. The cards are strings, and plain data that callers copy before they
change it, so this cache hands back the very objects it was given. The oldest entries (least
recently read) go first when it is full.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

_MISSING = object()


class ObjectCache(BaseCache):
    """A least-recently-used cache of unpickled objects, private to one process.

    Values must not be changed after they are stored or read: they are shared, not copied.
    Keys are the caller's keys with the cache's prefix and version (no memcached key checks:
    this cache is never memcached)."""

    def __init__(self, name: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        self._data: OrderedDict[str, tuple[Any, float | None]] = OrderedDict()
        self._lock = threading.Lock()

    def _get(self, key: str) -> Any:
        """The value under the full `key`, or _MISSING (dropping it when it has expired)."""
        entry = self._data.get(key)
        if entry is None:
            return _MISSING
        value, expires = entry
        if expires is not None and expires <= time.time():
            self._data.pop(key, None)
            return _MISSING
        self._data.move_to_end(key)
        return value

    def _set(self, key: str, value: Any, timeout: float | None) -> None:
        self._data[key] = (value, timeout)
        self._data.move_to_end(key)
        while len(self._data) > self._max_entries:
            self._data.popitem(last=False)

    def _expiry(self, timeout: Any) -> float | None:
        return self.get_backend_timeout(timeout)

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        full = self.make_key(key, version)
        with self._lock:
            if self._get(full) is not _MISSING:
                return False
            self._set(full, value, self._expiry(timeout))
            return True

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        with self._lock:
            value = self._get(self.make_key(key, version))
        return default if value is _MISSING else value

    def get_many(self, keys: Any, version: Any = None) -> dict[Any, Any]:
        found = {}
        with self._lock:
            for key in keys:
                value = self._get(self.make_key(key, version))
                if value is not _MISSING:
                    found[key] = value
        return found

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        with self._lock:
            self._set(self.make_key(key, version), value, self._expiry(timeout))

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> list[Any]:
        expires = self._expiry(timeout)
        with self._lock:
            for key, value in data.items():
                self._set(self.make_key(key, version), value, expires)
        return []

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        full = self.make_key(key, version)
        with self._lock:
            value = self._get(full)
            if value is _MISSING:
                return False
            self._set(full, value, self._expiry(timeout))
            return True

    def delete(self, key: Any, version: Any = None) -> bool:
        with self._lock:
            return self._data.pop(self.make_key(key, version), None) is not None

    def has_key(self, key: Any, version: Any = None) -> bool:
        with self._lock:
            return self._get(self.make_key(key, version)) is not _MISSING

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
