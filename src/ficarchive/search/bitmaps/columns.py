"""Growable per-work numpy columns (numbers, and short texts in one buffer), and ordering a result
set by one of them (top-k, not a full sort)."""

from __future__ import annotations

import array

import numpy as np
import numpy.typing as npt
from pyroaring import BitMap


def bitmap_of(ids: np.ndarray, *, ascending: bool = False) -> BitMap:
    """A bitmap of the work ids in a numpy array (through a buffer: no Python int per id;
    sorted first, which the bitmap fills many times faster, unless `ascending` says they are)."""
    values = ids.astype(np.uint32)
    return BitMap(array.array("I", (values if ascending else np.sort(values)).tobytes()))


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


class TextColumn:
    """Short texts indexed by work id, held as one UTF-8 buffer with a start and a length per work.

    A million titles held as a million `str` objects cost ~80 bytes of object header each, and
    every read writes the object's reference count: in a worker forked from the process that
    built the index, that write copies the page into the worker. Here a read only slices arrays,
    so the pages stay shared. A replaced text leaves its old bytes behind until more than half
    the buffer is such waste; then the live texts are packed again.
    """

    def __init__(self, capacity: int = 1024) -> None:
        self.starts = Column(np.int64, 0, capacity)
        self.lengths = Column(np.int32, -1, capacity)  # -1: no text for this id
        self.data = np.zeros(capacity * 16, dtype=np.uint8)
        self.used = 0  # bytes of `data` written
        self.live = 0  # bytes of `data` some id still points at

    def __len__(self) -> int:
        return len(self.lengths.data)

    def __getitem__(self, work_id: int) -> str | None:
        """The text of `work_id`, or None when it has none."""
        if work_id >= len(self):
            return None
        length = int(self.lengths.data[work_id])
        if length < 0:
            return None
        start = int(self.starts.data[work_id])
        return self.data[start : start + length].tobytes().decode("utf-8")

    def set(self, work_id: int, text: str) -> None:
        """Store `text` for `work_id` (replacing any text it had)."""
        self.fill(np.array([work_id], dtype=np.int64), [text])

    def fill(self, ids: np.ndarray, texts: list[str]) -> None:
        """Set the texts of many works at once (`ids`, distinct, in step with `texts`)."""
        if len(ids) == 0:
            return
        self.starts.ensure(int(ids.max()))
        self.lengths.ensure(int(ids.max()))
        starts, lengths_of = self.starts.data, self.lengths.data
        encoded = [text.encode("utf-8") for text in texts]
        lengths = np.fromiter((len(e) for e in encoded), dtype=np.int64, count=len(encoded))
        total = int(lengths.sum())
        self.live -= int(np.maximum(lengths_of[ids], 0).sum())
        lengths_of[ids] = -1
        self._room(total)
        self.data[self.used : self.used + total] = np.frombuffer(b"".join(encoded), np.uint8)
        starts[ids] = self.used + np.cumsum(lengths) - lengths
        lengths_of[ids] = lengths
        self.used += total
        self.live += total

    def _room(self, extra: int) -> None:
        if self.used > 2 * self.live + (1 << 20):  # mostly replaced texts: pack the live ones
            self._pack()
        if self.used + extra > len(self.data):
            grown = np.zeros(max(self.used + extra, len(self.data) * 2), dtype=np.uint8)
            grown[: self.used] = self.data[: self.used]
            self.data = grown

    def _pack(self) -> None:
        ids = np.flatnonzero(self.lengths.data >= 0)
        starts, lengths = self.starts.data[ids], self.lengths.data[ids].astype(np.int64)
        packed = np.zeros(max(self.live * 2, 1024), dtype=np.uint8)
        new_starts = np.cumsum(lengths) - lengths
        # One gather of every live byte: position of each byte in the old buffer.
        ends = np.cumsum(lengths)
        positions = np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(
            starts - (ends - lengths), lengths
        )
        packed[: len(positions)] = self.data[positions]
        self.data, self.used = packed, len(positions)
        self.starts.data[ids] = new_starts


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
    ids: np.ndarray,
    prefix_keys: np.ndarray,
    full_text: TextColumn | list[str | None],
    *,
    offset: int,
    limit: int,
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
