"""What every benchmark shares: its arguments, Django in a data folder of its own, timing with the
baseline measured beside it in the same process, and the report (figures, then `--json`).

A benchmark is a module with `main(argv) -> int`, registered by name in `ficarchive.bench`. It
reads its arguments with `arguments()`, sets Django up (if it needs it) with `django_setup()`,
times its subject and its baseline with `interleaved()`, and ends with `report()`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit


def arguments(name: str, description: str | None) -> argparse.ArgumentParser:
    """The argument parser of `ficarchive bench NAME`, with the shared `--json` flag."""
    parser = argparse.ArgumentParser(
        prog=f"ficarchive bench {name}",
        description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="end with one JSON object")
    return parser


def django_setup(*, data: str | None = None, prefix: str = "bench", migrate: bool = True) -> Path:
    """Set Django up in a data folder of the benchmark's own (a new temporary one unless `data`
    names one), never the site's; migrate its database. Returns the folder.

    With `migrate=False` (a benchmark that never touches the database) no folder is made: the
    settings' own (FICARCHIVE_DATA) is used as it is."""
    if migrate or data:
        folder = Path(data or tempfile.mkdtemp(prefix=f"ficarchive-bench-{prefix}-"))
        folder.mkdir(parents=True, exist_ok=True)
        os.environ["FICARCHIVE_DATA"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ficarchive.site.settings")
    import django

    django.setup()
    from django.conf import settings

    if migrate:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
    return Path(settings.DATA_DIR)


def database_is_postgres() -> bool:
    """True when `DATABASE_URL` names a PostgreSQL database (else the archive is on SQLite)."""
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def _postgres_admin(url: str, statement: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(statement)


@contextlib.contextmanager
def scratch_archive(prefix: str) -> Iterator[Path]:
    """A new, empty archive for one benchmark run, removed afterwards: a temporary data folder
    (FICARCHIVE_DATA), and with a PostgreSQL `DATABASE_URL` a scratch database made beside the
    one it names (DATABASE_URL points at it meanwhile) and dropped at the end. Yields the data
    folder; call `django_setup(data=...)` inside."""
    folder = Path(tempfile.mkdtemp(prefix=f"ficarchive-bench-{prefix}-"))
    saved = {name: os.environ.get(name) for name in ("FICARCHIVE_DATA", "DATABASE_URL")}
    os.environ["FICARCHIVE_DATA"] = str(folder / "data")
    url = os.environ.get("DATABASE_URL", "")
    scratch = None
    try:
        if database_is_postgres():
            parts = urlsplit(url)
            scratch = f"{parts.path.lstrip('/') or 'ficarchive'}_bench_{prefix}_{os.getpid()}"
            os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{scratch}"))
            _postgres_admin(url, f'CREATE DATABASE "{scratch}"')
        yield folder / "data"
    finally:
        if scratch is not None:
            if "django" in sys.modules:
                from django.db import connections

                connections.close_all()
            _postgres_admin(url, f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        shutil.rmtree(folder, ignore_errors=True)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def database_server_cpu() -> float:
    """CPU seconds spent so far by this connection's PostgreSQL server process, read from /proc
    (the server runs on this machine in development, in CI and in these benchmarks); 0.0 on
    SQLite or when the process cannot be read."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    # Fields 14 and 15: user and system time, in clock ticks. The command name (field 2) may
    # hold spaces; it ends at the last ")".
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_seconds() -> float:
    """CPU seconds used so far by this process and its database server process."""
    return time.process_time() + database_server_cpu()


def percentile(values: list[float], fraction: float) -> float:
    """The value at `fraction` (0..1) of the sorted values (nearest rank); 0.0 when empty."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


@dataclass
class Samples:
    """Seconds per round of one side of a comparison."""

    seconds: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def best(self) -> float:
        return min(self.seconds)


def interleaved(
    subject: Callable[[], object],
    baseline: Callable[[], object],
    *,
    rounds: int,
    first_round: int = 0,
    clock: Callable[[], float] = time.perf_counter,
) -> tuple[Samples, Samples]:
    """Time `subject` and `baseline` round by round, alternating which goes first (the subject on
    even rounds, counted from `first_round`), so that both see the same machine (other jobs,
    caches). Use `time.process_time` as `clock` to count this process's CPU only."""
    first, second = Samples(), Samples()
    for round_number in range(first_round, first_round + rounds):
        order = [(subject, first), (baseline, second)]
        for run, samples in order if round_number % 2 == 0 else reversed(order):
            started = clock()
            run()
            samples.seconds.append(clock() - started)
    return first, second


def say(message: str, *, as_json: bool) -> None:
    """A progress line: to stdout, or to stderr when stdout must end with the JSON object."""
    print(message, file=sys.stderr if as_json else sys.stdout, flush=True)


def report(figures: Mapping[str, Any], lines: list[str], *, as_json: bool) -> None:
    """Print the human lines, then, with `--json`, the figures as one JSON object (the last line)."""
    for line in lines:
        print(line)
    if as_json:
        print(json.dumps(figures))
