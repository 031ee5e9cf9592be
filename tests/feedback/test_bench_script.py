"""The feedback load script runs end to end against a real `ficarchive serve`, loses nothing,
measures the database `DATABASE_URL` names (beside SQLite) and leaves no folder behind."""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection


def postgres_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def assert_sound(run: dict) -> None:
    assert run["requests"] > 0
    assert run["errors_5xx"] == 0
    assert run["comments_accepted"] > 0
    assert run["comments_lost"] == 0
    assert run["kudos_lost"] == 0
    assert run["works_with_wrong_counters"] == 0
    assert {"requests_per_second", "latency_ms"} <= set(run)


@pytest.mark.slow
@pytest.mark.django_db
def test_bench_feedback_small_run_reports_json_loses_no_writes_and_cleans_up(tmp_path):
    """A short run with three clients exits 0 and its last line is the JSON report. On the
    PostgreSQL suite it runs on PostgreSQL (the SQLite suite runs it on SQLite); its temporary
    folders and scratch database are gone afterwards."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["TMPDIR"] = str(temporary)
    on_postgres = connection.vendor == "postgresql"
    if on_postgres:
        env["DATABASE_URL"] = postgres_url()
    database = "postgresql" if on_postgres else "sqlite"
    command = [sys.executable, "-m", "ficarchive", "bench", "feedback", "--database", database]
    completed = subprocess.run(
        [*command, "--seconds", "3", "--clients", "3", "--workers", "2", "--json"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env=env,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    assert report["database"] == database
    assert_sound(report)
    if on_postgres:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT datname FROM pg_database WHERE starts_with(datname, %s)",
                [f"{connection.settings_dict['NAME']}_bench_"],
            )
            assert cursor.fetchall() == []
    assert list(temporary.iterdir()) == []
