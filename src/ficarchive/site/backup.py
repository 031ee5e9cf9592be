"""Backing up and restoring the archive, the same way on SQLite and PostgreSQL.

A backup is Django's own serialization (`dumpdata`, gzipped JSON; every row keeps its id, and
names content types and permissions) of everything the archive cannot rebuild: accounts, works,
chapters, tags, feedback, imports, rescues and jobs. Left out is what is rebuilt or short-lived:
content types and permissions (made by `migrate`), sessions (everyone logs in again), the search
index and its change log (rebuilt by `reindex` after a restore) and the throttle counters. Being
database-neutral, a backup taken on SQLite restores onto PostgreSQL and back. The file holds
password hashes and e-mail addresses: it is written 0600. The data folder's `secret_key` (or
FICARCHIVE_SECRET_KEY) belongs with it: guests' kudos and hits are counted by hashes made with
that key.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction

# What a backup leaves out (app labels or app.Model), and why: see the module's docstring.
LEFT_OUT = (
    "contenttypes",
    "auth.permission",
    "sessions",
    "search",
    "site.throttlecounter",
)
# A restore goes into a new archive only: these tables must be empty.
ARCHIVE_TABLES = ("accounts.User", "works.Work", "works.Tag", "works.Creator")


class RestoreRefused(Exception):
    """The archive already holds data; a restore would mix two archives."""


def backup_write(path: Path) -> int:
    """Write the archive to `path` (gzipped when it ends in `.gz`), readable by its owner alone;
    returns the file's size in bytes.

    The dump reads in one transaction, so it is one consistent moment of an archive that goes on
    serving: on PostgreSQL a read-only repeatable-read snapshot (writers go on); on SQLite the
    write lock (writers wait for the dump, a few seconds for thousands of works)."""
    path = Path(path)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    path.chmod(0o600)  # a file that was there keeps its old mode through O_CREAT
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        call_command(
            "dumpdata",
            natural_foreign=True,  # content types and permissions by name: `migrate` remakes them
            exclude=list(LEFT_OUT),
            output=str(path),
            verbosity=0,
        )
    return path.stat().st_size


def archive_is_empty() -> bool:
    """True when the archive holds no accounts, works, tags or creators (a new one)."""
    return not any(apps.get_model(label).objects.exists() for label in ARCHIVE_TABLES)


def restore_read(path: Path) -> int:
    """Load the backup at `path` into this new, migrated archive in one transaction, then
    rebuild the search index; returns how many works the archive holds. Raises RestoreRefused
    when the archive is not empty."""
    if not archive_is_empty():
        raise RestoreRefused(
            "this archive already holds data; restore into a new one "
            "(a new FICARCHIVE_DATA folder, or a new PostgreSQL database, after `migrate`)"
        )
    with transaction.atomic():
        call_command("loaddata", str(path), verbosity=0)
    call_command("reindex", verbosity=0)
    return apps.get_model("works.Work").objects.count()
