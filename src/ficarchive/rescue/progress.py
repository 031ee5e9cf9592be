"""A progress bar for a terminal: phase, a bar, items done of total, counts and time left."""

from __future__ import annotations

import shutil
import time
from typing import TextIO

from ficarchive.rescue.options import RescueProgress

PHASES = {"reading": "reading the dump", "works": "stories", "series": "series"}


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def progress_line(progress: RescueProgress, width: int) -> str:
    """One line: `stories [#####.....] 512/10000 created 500 unchanged 12 … ETA 3:12`."""
    counts = progress.counts or {}
    if progress.phase == "reading":
        done = f"{progress.done / 1e6:.0f}/{progress.total / 1e6:.0f} MB"
        tail = ""
    else:
        done = f"{progress.done}/{progress.total}"
        tail = " ".join(
            f"{name} {counts[name]}"
            for name in ("created", "updated", "unchanged", "skipped", "failed")
            if counts.get(name)
        )
    label = PHASES.get(progress.phase, progress.phase)
    eta = f"ETA {_duration(progress.seconds_left)}"
    text = f" {done} {tail} {eta}".rstrip()
    bar_width = max(10, width - len(label) - len(text) - 4)
    share = progress.done / progress.total if progress.total else 0
    filled = int(bar_width * min(share, 1.0))
    return f"{label} [{'#' * filled}{'.' * (bar_width - filled)}]{text}"[:width]


class ProgressBar:
    """Redraws one line on a terminal at most ten times a second."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.last = 0.0
        self.shown = False

    def update(self, progress: RescueProgress) -> None:
        now = time.monotonic()
        if now - self.last < 0.1 and progress.done < progress.total:
            return
        self.last = now
        width = shutil.get_terminal_size((100, 20)).columns - 1
        self.stream.write("\r" + progress_line(progress, width).ljust(width))
        self.stream.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
