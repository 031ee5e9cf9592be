"""Files only the server can read: a new data folder is 0700; the SQLite database, its WAL and
shared-memory files and the secret key are 0600 (they hold sessions, password hashes and
e-mail addresses)."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def ficarchive(data: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["FICARCHIVE_DATA"] = str(data)
    return subprocess.run(
        [sys.executable, "-m", "ficarchive", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_new_archive_is_readable_by_its_owner_alone(tmp_path):
    """After the first command: folder 0700, database and key 0600; SQLite's WAL and -shm files,
    made as the database is written, take the database's mode."""
    data = tmp_path / "new" / "archive"
    old_umask = os.umask(0o022)  # the usual umask, under which files come out 0644
    try:
        result = ficarchive(data, "migrate", "--noinput")
        assert result.returncode == 0, result.stderr[-2000:]
        database = data / "ficarchive.sqlite3"
        assert mode(data) == 0o700
        assert mode(database) == 0o600
        assert mode(data / "secret_key") == 0o600
        with sqlite3.connect(database) as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("CREATE TABLE mode_probe (x)")
            connection.execute("INSERT INTO mode_probe VALUES (1)")
            for suffix in ("-wal", "-shm"):
                assert mode(Path(f"{database}{suffix}")) == 0o600, suffix
    finally:
        os.umask(old_umask)


def test_an_older_world_readable_database_is_closed_on_start(tmp_path):
    """A database made 0644 by an earlier version is 0600 after the next command."""
    data = tmp_path / "older"
    assert ficarchive(data, "migrate", "--noinput").returncode == 0
    database = data / "ficarchive.sqlite3"
    database.chmod(0o644)
    result = ficarchive(data, "showmigrations", "works")
    assert result.returncode == 0, result.stderr[-2000:]
    assert mode(database) == 0o600
