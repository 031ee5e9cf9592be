"""The readers of old archives, by name: each a module with `detect(tree)` and `read(...)`.

`detect` answers what it would read (a path) or None; the first reader that answers reads the
archive. Order matters: a database dump says more than a folder of pages.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ficarchive.rescue.source import ArchiveSource
from ficarchive.rescue.tree import SourceTree

READERS = (
    "ficarchive.rescue.efiction",
    "ficarchive.rescue.automated_archive",
    "ficarchive.rescue.static_site",
)


@dataclass
class ReadOptions:
    """What a reader may need beside the files."""

    stage_folder: Path
    table_prefix: str | None = None
    old_url: str | None = None
    fandom: str | None = None
    progress: Callable[[int, int], None] | None = None


def archive_source_open(tree: SourceTree, options: ReadOptions) -> ArchiveSource:
    """The archive in `tree`, read by the first reader that recognises it.

    Raises ValueError when none does.
    """
    for name in READERS:
        module = importlib.import_module(name)
        found = module.detect(tree)
        if found is not None:
            return module.read(tree, found, options)
    raise ValueError(
        "not an archive this command can read: no eFiction dump (.sql), no ARCHIVE_DB.pl, "
        "and no HTML pages linking to stories"
    )
