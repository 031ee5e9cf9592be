"""`ficarchive worker`: run background jobs from the queue (django-tasks' database backend).

`ficarchive serve` starts one per queue by itself; run this by hand only when the web server
and the workers live on different machines, or with `--once` to drain the queue and exit.
"""

from __future__ import annotations

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from ficarchive.jobs.housekeeping import chores_run_due
from ficarchive.jobs.kinds import QUEUES
from ficarchive.jobs.services import jobs_recover_stale
from ficarchive.search.indexing import index_pending_count, index_pending_drain


class Command(BaseCommand):
    help = "Run queued background jobs (rescues, uploads) until stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue",
            default=",".join(QUEUES),
            help=f"comma-separated queues to take jobs from (default: {','.join(QUEUES)})",
        )
        parser.add_argument(
            "--once", action="store_true", help="run every job queued now, then exit"
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks at an empty queue"
        )

    def handle(self, *args, queue, once, interval, **options):
        queues = tuple(q.strip() for q in queue.split(",") if q.strip())
        unknown = sorted(set(queues) - set(QUEUES))
        if not queues or unknown:
            raise CommandError(f"unknown queue(s) {unknown}; the queues are {', '.join(QUEUES)}")
        chores_last_run: dict[str, float] = {}
        while True:
            # Chores that are due (pending uploads nobody posted, and the like).
            chores_run_due(chores_last_run)
            # Jobs a killed worker left running are queued again (or failed) before we look.
            for job in jobs_recover_stale(queues=queues):
                self.stderr.write(f"worker: job {job.pk} ({job.kind}) was stopped: {job.status}")
            # Works a crashed process left in the indexing outbox become searchable.
            if index_pending_count():
                index_pending_drain()
            call_command(
                "db_worker",
                queue_name=",".join(queues),
                batch=True,
                startup_delay=False,
                reload=False,
                verbosity=0,
            )
            if once:
                return
            time.sleep(max(0.05, interval))
