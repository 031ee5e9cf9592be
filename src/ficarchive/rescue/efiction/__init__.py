"""eFiction 1.1, 2.0 and 3.x: the database dump (mysqldump, phpMyAdmin, eFiction's own admin
backup) and the `stories/` folder."""

from __future__ import annotations

from ficarchive.rescue.efiction.reader import EfictionArchive, detect
from ficarchive.rescue.readers import ReadOptions
from ficarchive.rescue.tree import SourceTree

NAME = "eFiction"


def read(tree: SourceTree, found: str, options: ReadOptions) -> EfictionArchive:
    """The eFiction archive whose dump is `found` (as `detect` gave it)."""
    return EfictionArchive(
        tree,
        found,
        stage_folder=options.stage_folder,
        install=options.table_prefix,
        old_url=options.old_url,
        progress=options.progress,
    )


__all__ = ["NAME", "detect", "read"]
