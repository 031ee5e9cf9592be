"""What a rescue run is told (`RescueOptions`) and what it tells as it goes (`RescueProgress`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ficarchive.rescue.do_not_import import DoNotImport
from ficarchive.rescue.tag_map import TagMap


@dataclass
class RescueOptions:
    """What `ficarchive rescue` accepts besides the path."""

    dry_run: bool = False
    slug: str | None = None
    old_url: str | None = None
    tag_map: TagMap = field(default_factory=TagMap)
    do_not_import: DoNotImport = field(default_factory=DoNotImport)
    table_prefix: str | None = None
    fandom: str | None = None


@dataclass
class RescueProgress:
    """Where a run is: its phase ("reading", "works", "series"), items done of total, counts."""

    phase: str
    done: int
    total: int
    counts: dict
    started: float

    @property
    def seconds_left(self) -> float | None:
        if not self.done or self.total <= self.done:
            return None if not self.done else 0.0
        return (time.monotonic() - self.started) / self.done * (self.total - self.done)


ProgressCallback = Callable[[RescueProgress], None]
