"""`ficarchive serve`: the site under gunicorn (a production server), static files by WhiteNoise."""

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the archive with gunicorn, static files included."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_WORKERS", (os.cpu_count() or 1) + 1)),
        )

    def handle(self, *args, host, port, workers, **options):
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(
            f"ficarchive: serving http://{host}:{port}/ (data in {settings.DATA_DIR})"
        )
        self.stdout.flush()
        os.execv(
            sys.executable,
            [
                sys.executable,
                "-m",
                "gunicorn",
                "ficarchive.site.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(workers),
                # Single-threaded workers: each process owns its in-memory search index,
                # which is not shared between threads (search/bitmaps/sync.py).
                "--worker-class",
                "sync",
                "--access-logfile",
                "-",
                "--timeout",
                "60",
            ],
        )
