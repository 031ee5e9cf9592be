"""Choosing the search backend: `FICARCHIVE_SEARCH_BACKEND` names a class by dotted path.

Without the setting, the backend follows the database: FTS5 on SQLite, tsvector on PostgreSQL.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string

from ficarchive.search.backends.base import SearchBackend

DEFAULT_BY_VENDOR = {
    "sqlite": "ficarchive.search.backends.sqlite_fts5.SQLiteFTS5Backend",
    "postgresql": "ficarchive.search.backends.postgres.PostgresBackend",
}


def backend_path() -> str:
    """The dotted path of the configured backend class."""
    configured = getattr(settings, "FICARCHIVE_SEARCH_BACKEND", None)
    if configured:
        return str(configured)
    if connection.vendor not in DEFAULT_BY_VENDOR:
        raise LookupError(f"no search backend for the {connection.vendor} database")
    return DEFAULT_BY_VENDOR[connection.vendor]


def search_backend(path: str | None = None) -> SearchBackend:
    """An instance of the backend at `path`, or of the configured one."""
    backend: SearchBackend = import_string(path or backend_path())()
    return backend
