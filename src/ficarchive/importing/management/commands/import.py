"""`ficarchive import [--dry-run] [--json] PATH...`: import story files, folders and zips."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from ficarchive.importing.batches import import_path
from ficarchive.importing.models import ImportStatus
from ficarchive.importing.services import UNCHANGED
from ficarchive.search.indexing import index_pending_drain


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
            "--permission-granted",
            metavar="NOTE",
            default="",
            help=(
                "record that the authors gave permission to archive these works, and how "
                "(e.g. 'by e-mail, May 2024'); without it, works whose authors asked to be "
                "asked first are held from the public"
            ),
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print JSON objects (DESIGN.md)"
        )

    def handle(self, *args, paths, dry_run, as_json, permission_granted, **options):
        if permission_granted and not permission_granted.strip():
            raise CommandError("--permission-granted needs a note saying how it was obtained")
        # Works, their metadata and the filters are current when import_path returns; the
        # story text is indexed afterwards, from the outbox, before this exits.
        results = import_path(
            paths=paths,
            dry_run=dry_run,
            permission_granted=permission_granted.strip(),
            text_later=True,
        )
        if as_json:
            objects = [r.to_json() for r in results]
            payload = objects[0] if len(objects) == 1 else objects
            self.stdout.write(_dumps(payload))
        else:
            for r in results:
                if r.status == ImportStatus.FAILED:
                    self.stdout.write(f"failed     {r.source}: {r.error}")
                else:
                    held = " [held: the author asked to be asked first]" if r.held else ""
                    self.stdout.write(f"{r.status:<10} {r.source} -> {r.url} ({r.title}){held}")
                    if r.uncertain:
                        doubts = ", ".join(
                            f"{u['field']} ({u['source']}, {u['confidence']:.2f})"
                            for u in r.uncertain
                        )
                        self.stdout.write(f"           check first: {doubts}")
            counts = {s: sum(r.status == s for r in results) for s in _STATUSES}
            summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "no story files"
            held = sum(r.held for r in results)
            if held:
                summary += (
                    f"; {held} held from the public until the author claims it or permission"
                    " is recorded (--permission-granted NOTE)"
                )
            self.stdout.write(("dry run: " if dry_run else "") + summary)
        if not dry_run:
            indexed = index_pending_drain()
            if indexed:
                self.stderr.write(f"search: the story text of {indexed} works indexed")
        if any(r.status == ImportStatus.FAILED for r in results):
            raise CommandError("some files failed to import", returncode=1)


_STATUSES = (ImportStatus.CREATED, ImportStatus.UPDATED, UNCHANGED, ImportStatus.FAILED)


def _dumps(payload) -> str:
    return json.dumps(payload, ensure_ascii=False)
