"""`ficarchive rescue PATH`: take in a whole old archive (eFiction, Automated Archive, static site)."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ficarchive.rescue.do_not_import import do_not_import_read
from ficarchive.rescue.progress import ProgressBar
from ficarchive.rescue.services import RescueOptions, rescue_run
from ficarchive.rescue.tag_map import tag_map_read


class Command(BaseCommand):
    help = (
        "Rescue a whole old archive: a folder or .zip holding an eFiction dump and its stories/ "
        "folder (or the dump on its own: .sql, .sql.gz, .sql.bz2, .sql.zip), an Automated "
        "Archive (ARCHIVE_DB.pl and archive/), or a static site. Every "
        "story becomes a work (one transaction each); old links answer at /archives/SLUG/. "
        "Run it again at any time: unchanged items are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH")
        parser.add_argument("--dry-run", action="store_true", help="write nothing, report all")
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="print the report as JSON (last line)",
        )
        parser.add_argument("--report", metavar="FILE.html", help="write the report as HTML")
        parser.add_argument("--tag-map", metavar="FILE.csv", help="tags mapped by a person")
        parser.add_argument(
            "--do-not-import", metavar="FILE", help="members and stories to leave out"
        )
        parser.add_argument("--slug", help="the archive's name in its old links' new home")
        parser.add_argument("--old-url", metavar="URL", help="the old site's address")
        parser.add_argument(
            "--table-prefix",
            metavar="PREFIX",
            help="which eFiction install when a dump holds several",
        )
        parser.add_argument(
            "--fandom", help="the archive's one fandom, when its files never name it"
        )

    def handle(self, *args, path, dry_run, as_json, report, tag_map, do_not_import, **options):
        try:
            rescue_options = RescueOptions(
                dry_run=dry_run,
                slug=options.get("slug"),
                old_url=options.get("old_url"),
                table_prefix=options.get("table_prefix"),
                fandom=options.get("fandom"),
            )
            if tag_map:
                rescue_options.tag_map = tag_map_read(tag_map)
            if do_not_import:
                rescue_options.do_not_import = do_not_import_read(do_not_import)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        bar = ProgressBar(sys.stderr) if sys.stderr.isatty() else None
        try:
            # Claim invitations printed by the console e-mail backend (the default where no mail
            # server is set up) go to stderr: stdout is the report's.
            with contextlib.redirect_stdout(sys.stderr):
                result = rescue_run(path, rescue_options, progress=bar.update if bar else None)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        finally:
            if bar is not None:
                bar.finish()
        if report:
            target = Path(report)
            target.write_text(result.to_html(), encoding="utf-8")
            if result.unmapped_csv.count("\n") > 1:
                csv_path = target.with_suffix(".tags.csv")
                csv_path.write_text(result.unmapped_csv, encoding="utf-8")
        if as_json:
            self.stdout.write(json.dumps(result.to_json(), ensure_ascii=False))
            return
        counts = result.counts
        self.stdout.write(
            ("dry run: " if dry_run else "")
            + f"{counts['works']} works ({counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged), {counts['skipped']} not imported, "
            f"{counts['failed']} failed, {counts['series']} series, {counts['creators']} creators, "
            f"{counts['problems']} problems"
        )
        if report:
            self.stdout.write(f"report: {report}")
