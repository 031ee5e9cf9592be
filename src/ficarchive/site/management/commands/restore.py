"""`ficarchive restore FILE`: load a backup made by `ficarchive backup` into a new, empty
archive (a new data folder or PostgreSQL database), then rebuild the search index."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ficarchive.site.backup import RestoreRefused, restore_read


class Command(BaseCommand):
    help = "Restore a backup into a new, empty archive and rebuild its search index."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="a file written by `ficarchive backup`")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"no such file: {file}")
        try:
            works = restore_read(file)
        except RestoreRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {file}: {works:,} works, search index rebuilt.")
