"""`ficarchive backup FILE`: the whole archive in one file (gzipped JSON when FILE ends in .gz),
on SQLite or PostgreSQL, taken while the site serves; `ficarchive restore FILE` loads it."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from ficarchive.site.backup import backup_write


class Command(BaseCommand):
    help = (
        "Back the archive up to FILE (database-neutral: restores onto SQLite or PostgreSQL); "
        "the file is readable by its owner alone."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "file", type=Path, help="where to write, e.g. archive-2026-12-01.json.gz"
        )

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        size = backup_write(file)
        self.stdout.write(f"Backed up to {file} ({size:,} bytes).")
