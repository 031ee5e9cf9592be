"""The `ficarchive` command.

`parse` reads files offline (no Django, no database). `bench NAME` runs a registered benchmark.
Everything else is a Django management command (`import`, `serve`, `export`, `search`, `reindex`,
`migrate`, `createsuperuser`, ...); commands that use the database migrate it on first use.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from pathlib import Path

from ficarchive.bench import BENCHMARKS, benchmark_run

# Any fixed number: the PostgreSQL advisory lock that one migrating command holds.
MIGRATION_LOCK_KEY = 7_202_612
# Management commands that must not trigger the automatic migration.
NO_AUTO_MIGRATE = {"migrate", "makemigrations", "help", "version", "check", "showmigrations"}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    verb = argv[0] if argv else "help"
    if verb == "parse":
        from ficarchive.legacy.command import main as parse_main

        return parse_main(argv[1:])
    if verb == "bench":
        return run_benchmark(argv[1:])
    return run_management(argv)


def run_benchmark(argv: list[str]) -> int:
    if not argv or argv[0] not in BENCHMARKS:
        print(f"usage: ficarchive bench {{{','.join(BENCHMARKS)}}} [options]", file=sys.stderr)
        return 2
    return benchmark_run(argv[0], argv[1:])


def setup_django() -> None:
    """Configure Django for use outside manage.py."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ficarchive.site.settings")
    import django

    django.setup()


def migrate_if_needed() -> None:
    """Create and migrate the database when migrations are pending (first use).

    Several commands started at once on a new archive migrate it once: the first holds a lock
    (a file lock beside the SQLite database, an advisory lock on PostgreSQL) and the others,
    once it is free, find nothing left to do.
    """
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def pending() -> bool:
        executor = MigrationExecutor(connection)
        return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))

    if not pending():
        return
    with _migration_lock(connection):
        if pending():
            call_command("migrate", interactive=False, verbosity=0)


@contextlib.contextmanager
def _migration_lock(connection):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK_KEY])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK_KEY])
        return
    from django.conf import settings

    with open(Path(settings.DATA_DIR) / ".migrate.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_management(argv: list[str]) -> int:
    setup_django()
    from django.core.management import execute_from_command_line

    if argv and argv[0] not in NO_AUTO_MIGRATE and not argv[0].startswith("-"):
        migrate_if_needed()
    try:
        execute_from_command_line(["ficarchive", *argv])
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
