"""`ficarchive export WORK_ID --format epub|html|txt -o FILE`, or `--series SERIES_ID` (EPUB)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ficarchive.exports.book import export_slug
from ficarchive.exports.cache import series_export_path, work_export_path
from ficarchive.exports.formats import FORMATS
from ficarchive.works.models import Series, SeriesPart, Work


class Command(BaseCommand):
    help = "Export a work (EPUB, HTML or plain text) or a whole series (EPUB) to a file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("work_id", nargs="?", type=int, help="the work to export")
        parser.add_argument("--series", type=int, dest="series_id", help="export a whole series")
        parser.add_argument("--format", "-f", choices=sorted(FORMATS), default="epub")
        parser.add_argument(
            "-o",
            "--output",
            help="file to write ('-' for standard output; default: ./<title>.<ext>)",
        )
        parser.add_argument(
            "--site-url",
            default=settings.FICARCHIVE_SITE_URL,
            help="the archive's address, for the link back at the file's end "
            "(default: FICARCHIVE_SITE_URL; without it the link is the work's path)",
        )

    def handle(self, *args, work_id: int | None, series_id: int | None, **options) -> None:
        fmt = options["format"]
        if (work_id is None) == (series_id is None):
            raise CommandError("give either WORK_ID or --series SERIES_ID")
        if series_id is not None:
            if fmt != "epub":
                raise CommandError("a series is exported as EPUB only")
            series = Series.objects.filter(pk=series_id).first()
            if series is None:
                raise CommandError(f"no series {series_id}: it does not exist")
            parts = SeriesPart.objects.filter(series=series).select_related("work")
            works = [p.work for p in parts.order_by("position", "id")]
            if not works:
                raise CommandError(f"series {series_id} has no works")
            built = series_export_path(series=series, works=works, site_url=options["site_url"])
            stem = export_slug(title=series.title, fallback=f"series-{series.pk}")
        elif work_id is not None:
            # The command runs with the site's own rights: any work, whatever its visibility.
            work = Work.objects.filter(pk=work_id).first()
            if work is None:
                raise CommandError(f"no work {work_id}: it does not exist")
            built = work_export_path(work=work, fmt=fmt, site_url=options["site_url"])
            stem = export_slug(title=work.title, fallback=f"work-{work.pk}")
        output = options["output"] or f"{stem}.{fmt}"
        if output == "-":
            with open(built, "rb") as source:
                shutil.copyfileobj(source, sys.stdout.buffer)
            sys.stdout.buffer.flush()
            return
        try:
            shutil.copyfile(built, output)
        except OSError as exc:
            raise CommandError(f"cannot write {output}: {exc.strerror or exc}") from exc
        self.stderr.write(f"wrote {Path(output).resolve()}")
