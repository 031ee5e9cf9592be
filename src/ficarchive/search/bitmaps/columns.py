"""Growable per-work numpy columns, and ordering a result set by one of them (top-k, not a full sort)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


class Column:
    """Values indexed by work id; missing works read as `fill`."""

    def __init__(self, dtype: npt.DTypeLike, fill: float = 0, capacity: int = 1024) -> None:
        self.fill = fill
        self.data = np.full(capacity, fill, dtype=dtype)

    def ensure(self, work_id: int) -> None:
        if work_id >= len(self.data):
            size = max(work_id + 1, len(self.data) * 2)
            grown = np.full(size, self.fill, dtype=self.data.dtype)
            grown[: len(self.data)] = self.data
            self.data = grown

    def set(self, work_id: int, value: float) -> None:
        self.ensure(work_id)
        self.data[work_id] = value

    def take(self, ids: np.ndarray) -> np.ndarray:
        taken: np.ndarray = self.data[ids]
        return taken


def text_sort_key(text: str) -> int:
    """An integer that orders like the first 8 bytes of the casefolded text (then refined exactly)."""
    return int.from_bytes(text_sort_string(text).encode("utf-8")[:8].ljust(8, b"\0"), "big")


def text_sort_string(text: str) -> str:
    """How titles and creator names sort: case-insensitively, ignoring leading punctuation."""
    return text.casefold().lstrip(" \"'([{*-_.~")


def top_by_number(
    ids: np.ndarray, values: np.ndarray, *, offset: int, limit: int, descending: bool
) -> np.ndarray:
    """The ids at [offset, offset+limit) ordered by value, ties by id in the same direction."""
    if len(ids) == 0 or offset >= len(ids):
        return ids[:0]
    # One int64 key: the value in the high bits, the id in the low 32 bits, so ties are stable.
    key = (values.astype(np.int64) << 32) | ids.astype(np.int64)
    if descending:
        key = -key
    wanted = min(offset + limit, len(ids))
    if wanted < len(ids):
        part = np.argpartition(key, wanted - 1)[:wanted]
        order = part[np.argsort(key[part], kind="stable")]
    else:
        order = np.argsort(key, kind="stable")
    return ids[order[offset:wanted]]


def top_by_text(
    ids: np.ndarray, prefix_keys: np.ndarray, full_text: list[str], *, offset: int, limit: int
) -> list[int]:
    """The ids at [offset, offset+limit) in ascending text order (ties by id), via prefix keys."""
    if len(ids) == 0 or offset >= len(ids):
        return []
    wanted = min(offset + limit, len(ids))
    if wanted < len(ids):
        cutoff = np.partition(prefix_keys, wanted - 1)[wanted - 1]
        candidates = ids[prefix_keys <= cutoff]
    else:
        candidates = ids
    ordered = sorted(candidates.tolist(), key=lambda i: (full_text[i] or "", i))
    return ordered[offset:wanted]
