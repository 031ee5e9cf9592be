"""Automated Archive: `ARCHIVE_DB.pl` (a Perl hash of every story) and its `archive/` folder."""

from __future__ import annotations

from ficarchive.rescue.automated_archive.reader import AutomatedArchive
from ficarchive.rescue.readers import ReadOptions
from ficarchive.rescue.tree import SourceTree

NAME = "Automated Archive"


def detect(tree: SourceTree) -> str | None:
    """The archive's `ARCHIVE_DB.pl` (the shallowest one), or None."""
    found = tree.named("ARCHIVE_DB.pl")
    return min(found, key=lambda p: (p.count("/"), p)) if found else None


def read(tree: SourceTree, found: str, options: ReadOptions) -> AutomatedArchive:
    """The Automated Archive whose database file is `found`."""
    return AutomatedArchive(tree, found, fandom=options.fandom)


__all__ = ["NAME", "detect", "read"]
