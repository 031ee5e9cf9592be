"""The `ficarchive` command.

`parse` reads files offline (no Django, no database). `bench NAME` runs a registered benchmark.
Everything else is a Django management command (`import`, `serve`, `export`, `search`, `reindex`,
`migrate`, `createsuperuser`, ...); commands that use the database migrate it on first use.
"""

from __future__ import annotations

import os
import sys

from ficarchive.bench import BENCHMARKS, benchmark_run

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
    """Create and migrate the database when migrations are pending (first use)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)


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
