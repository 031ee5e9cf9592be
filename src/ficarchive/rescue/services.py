"""`rescue_run`: a whole old archive in, one report out. The command and the web job call it.

The run reads the archive (`readers`), decides each story's fate (`triage`), puts it into the
archive's vocabulary (`mapping`) and writes it in its own transaction (`writing`); series
come after their works. A dry run does all of it but the writing. Killed at any point, the
next run finds every committed item unchanged and goes on from there.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings

from ficarchive.rescue.options import ProgressCallback, RescueOptions, RescueProgress
from ficarchive.rescue.readers import ReadOptions, archive_source_open
from ficarchive.rescue.report import RescueReport
from ficarchive.rescue.run import RescueRun
from ficarchive.rescue.tree import SourceTree

__all__ = ["ProgressCallback", "RescueOptions", "RescueProgress", "rescue_run", "stage_folder"]


def stage_folder() -> Path:
    """Where dumps are staged between runs (in the data folder)."""
    return Path(settings.DATA_DIR) / "rescue-stage"


def rescue_run(
    path: str | Path, options: RescueOptions | None = None, progress: ProgressCallback | None = None
) -> RescueReport:
    """Rescue the old archive at `path` (a folder or a .zip) and return the report.

    With `options.dry_run` nothing is written and the report says what a real run would do.
    Each work is written in its own transaction; a second run reports every item unchanged.
    Raises ValueError when `path` holds no archive this can read.
    """
    options = options or RescueOptions()
    tree = SourceTree.open(path)
    started = time.monotonic()

    def reading(done: int, total: int) -> None:
        if progress is not None:
            progress(RescueProgress("reading", done, total, {}, started))

    try:
        source = archive_source_open(
            tree,
            ReadOptions(
                stage_folder=stage_folder(),
                table_prefix=options.table_prefix,
                old_url=options.old_url,
                fandom=options.fandom,
                progress=reading,
            ),
        )
        source.problems += tree.problems()
        try:
            return RescueRun(source, options, progress).run()
        finally:
            source.close()
    finally:
        tree.close()
