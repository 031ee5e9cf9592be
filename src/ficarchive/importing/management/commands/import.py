"""`ficarchive import [--dry-run] [--json] PATH...`: import story files, folders and zips."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from ficarchive.importing.models import ImportStatus
from ficarchive.importing.services import UNCHANGED, import_path


class Command(BaseCommand):
    help = (
        "Import legacy story files (files, folders recursively, .zip archives). One line per "
        "work; with --json one object per work (a JSON array when several). Exit status 1 if "
        "any file failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--dry-run", action="store_true", help="read and report, write nothing")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print JSON objects (DESIGN.md)"
        )

    def handle(self, *args, paths, dry_run, as_json, **options):
        results = import_path(paths=paths, dry_run=dry_run)
        if as_json:
            objects = [r.to_json() for r in results]
            payload = objects[0] if len(objects) == 1 else objects
            self.stdout.write(_dumps(payload))
        else:
            for r in results:
                if r.status == ImportStatus.FAILED:
                    self.stdout.write(f"failed     {r.source}: {r.error}")
                else:
                    self.stdout.write(f"{r.status:<10} {r.source} -> {r.url} ({r.title})")
            counts = {s: sum(r.status == s for r in results) for s in _STATUSES}
            summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "no story files"
            self.stdout.write(("dry run: " if dry_run else "") + summary)
        if any(r.status == ImportStatus.FAILED for r in results):
            raise CommandError("some files failed to import", returncode=1)


_STATUSES = (ImportStatus.CREATED, ImportStatus.UPDATED, UNCHANGED, ImportStatus.FAILED)


def _dumps(payload) -> str:
    return json.dumps(payload, ensure_ascii=False)
