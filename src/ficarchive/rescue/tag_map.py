"""The tag map: what a person decided for the tags the knowledge base could not map.

The rescue writes the tags it could not map as a CSV (`type,original,mapped,stories`); a
person fills in `mapped` (a canonical name; `-` drops the tag; `freeform: Name` makes it an
additional tag) and passes the file back with `--tag-map`. Only those tags, never the whole
list.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

TAG_TYPES = ("fandom", "character", "relationship", "rating", "warning", "category", "freeform")
DROP = "-"


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass
class TagMap:
    """`mapped[(type, original)]` is (type, name) to use instead, or None to drop the tag."""

    mapped: dict[tuple[str, str], tuple[str, str] | None] = field(default_factory=dict)

    def get(self, tag_type: str, original: str) -> tuple[str, str] | Literal[False] | None:
        """(type, name) to use, None to drop, or False when the map says nothing."""
        key = (tag_type, _key(original))
        if key not in self.mapped:
            return False
        return self.mapped[key]

    def __len__(self) -> int:
        return len(self.mapped)


def tag_map_parse(text: str) -> TagMap:
    """A tag map from CSV text (a header row, then `type,original,mapped[,...]` rows).

    Raises ValueError with the line number for a row it cannot use.
    """
    tag_map = TagMap()
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    for number, row in enumerate(rows, start=1):
        if not row or not any(cell.strip() for cell in row) or row[0].strip().startswith("#"):
            continue
        if number == 1 and row[0].strip().lower() == "type":
            continue
        if len(row) < 3:
            raise ValueError(f"line {number}: expected type,original,mapped")
        tag_type, original, mapped = (cell.strip() for cell in row[:3])
        tag_type = tag_type.lower()
        if tag_type not in TAG_TYPES:
            raise ValueError(f"line {number}: unknown tag type {tag_type!r}")
        if not mapped:
            continue
        if mapped == DROP:
            tag_map.mapped[(tag_type, _key(original))] = None
            continue
        target_type = tag_type
        head, sep, rest = mapped.partition(":")
        if sep and head.strip().lower() in TAG_TYPES and rest.strip():
            target_type, mapped = head.strip().lower(), rest.strip()
        tag_map.mapped[(tag_type, _key(original))] = (target_type, mapped)
    return tag_map


def tag_map_read(path: str | Path) -> TagMap:
    """The tag map in the CSV file at `path` (UTF-8)."""
    return tag_map_parse(Path(path).read_text(encoding="utf-8"))


def unmapped_csv(rows: list[tuple[str, str, list[str]]]) -> str:
    """The CSV a person fills in: one row per tag the rescue could not map."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["type", "original", "mapped", "stories"])
    for tag_type, original, stories in rows:
        writer.writerow([tag_type, original, "", " ".join(stories)])
    return out.getvalue()
