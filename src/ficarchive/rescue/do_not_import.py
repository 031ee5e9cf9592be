"""The archivist's do-not-import list: members and stories whose authors said no.

One entry a line, `#` starts a comment: `author uid=7`, `member 7`, `author name=Quill`,
`story sid=12`, `story id=4`, `work 4`. An author's entry takes everything they wrote or
co-wrote, their creator page and the reviews of those works.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ficarchive.legacy.decode import decode_bytes

_LINE = re.compile(
    r"(?i)^\s*(?:(author|member|user|writer|penname|story|work|fic)s?\b\s*[:=]?\s*)?"
    r"(?:(uid|sid|id|name|penname|email)\b\s*[:=]?\s*)?(.+?)\s*$"
)


@dataclass
class DoNotImport:
    member_ids: set[str] = field(default_factory=set)
    member_names: set[str] = field(default_factory=set)  # names and addresses, casefolded
    story_ids: set[str] = field(default_factory=set)

    def member(self, old_id: str | None, name: str = "", email: str = "") -> bool:
        """True when this member asked not to be imported."""
        return bool(
            (old_id and old_id in self.member_ids)
            or (name and name.casefold() in self.member_names)
            or (email and email.casefold() in self.member_names)
        )

    def __bool__(self) -> bool:
        return bool(self.member_ids or self.member_names or self.story_ids)


def do_not_import_parse(text: str) -> DoNotImport:
    """The list in `text`. Raises ValueError naming the first line it cannot read."""
    found = DoNotImport()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = _LINE.match(line)
        if not match:
            raise ValueError(f"line {number}: expected 'author uid=N' or 'story sid=N': {raw!r}")
        kind, label = (match.group(1) or "").lower(), (match.group(2) or "").lower()
        value = match.group(3).strip().strip("'\"")
        if not kind and label not in ("uid", "sid", "email"):
            raise ValueError(f"line {number}: expected 'author uid=N' or 'story sid=N': {raw!r}")
        is_story = kind in ("story", "work", "fic") or (not kind and label == "sid")
        if is_story:
            found.story_ids.add(value.lstrip("0") or "0")
        elif label in ("name", "penname", "email") or not value.isdigit():
            found.member_names.add(value.casefold())
        else:
            found.member_ids.add(value.lstrip("0") or "0")
    return found


def do_not_import_read(path: str | Path) -> DoNotImport:
    """The list in the file at `path` (UTF-8, or anything else decoded leniently)."""
    return do_not_import_parse(decode_bytes(Path(path).read_bytes()).text)
