"""`ficarchive serve`: the site under gunicorn (a production server), static files by WhiteNoise,
the background-job workers and the text indexer beside it, as one command."""

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from ficarchive.jobs.kinds import QUEUES
from ficarchive.search.backends import search_backend
from ficarchive.site.supervise import Child, supervise


class Command(BaseCommand):
    help = (
        "Serve the archive with gunicorn, static files included, and run the background-job "
        "workers (one per queue) beside it; stopping it stops them all."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_WORKERS", (os.cpu_count() or 1) + 1)),
        )
        parser.add_argument(
            "--no-job-workers",
            action="store_true",
            default=os.environ.get("FICARCHIVE_JOB_WORKERS") == "0",
            help="serve pages only (run `ficarchive worker` elsewhere)",
        )

    def handle(self, *args, host, port, workers, no_job_workers, **options):
        call_command("collectstatic", interactive=False, verbosity=0)
        # Works a crash left unindexed are searchable before the first page is served.
        call_command("reindex", pending=True, verbosity=0)
        jobs = "" if no_job_workers else f", job workers for {', '.join(QUEUES)}"
        self.stdout.write(
            f"ficarchive: serving http://{host}:{port}/ (data in {settings.DATA_DIR}{jobs})"
        )
        self.stdout.flush()
        web = [
            sys.executable,
            "-m",
            "gunicorn",
            "ficarchive.site.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            # Preloads the app and shares one search index between the workers.
            "--config",
            "python:ficarchive.site.gunicorn_settings",
        ]
        children = [Child(name="web server", argv=web, main=True)]
        if search_backend().follows_change_log:
            # One indexer per machine holds the text index's writer and follows the change log.
            argv = [sys.executable, "-m", "ficarchive", "textindex", "--follow"]
            children.append(Child(name="text indexer", argv=argv))
        if not no_job_workers:
            for queue in QUEUES:
                argv = [sys.executable, "-m", "ficarchive", "worker", "--queue", queue]
                children.append(Child(name=f"job worker ({queue})", argv=argv))
        sys.exit(supervise(children))
