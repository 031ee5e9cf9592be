"""Choosing the text search backend: `FICARCHIVE_SEARCH_BACKEND`.

- `database` (the default): the database's own full text, FTS5 on SQLite, tsvector on PostgreSQL.
- `tantivy`: the archive's own Tantivy index in a folder beside the database, on either
  database; it follows the database's change log (README: "Which text search").
- a dotted path names any `SearchBackend` class.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string

from ficarchive.search.backends.base import SearchBackend

TANTIVY = "ficarchive.search.backends.tantivy_engine.TantivyBackend"
DEFAULT_BY_VENDOR = {
    "sqlite": "ficarchive.search.backends.sqlite_fts5.SQLiteFTS5Backend",
    "postgresql": "ficarchive.search.backends.postgres.PostgresBackend",
}


def backend_path() -> str:
    """The dotted path of the configured backend class."""
    configured = str(getattr(settings, "FICARCHIVE_SEARCH_BACKEND", "") or "database")
    if configured == "tantivy":
        return TANTIVY
    if configured == "database":
        if connection.vendor not in DEFAULT_BY_VENDOR:
            raise LookupError(f"no search backend for the {connection.vendor} database")
        return DEFAULT_BY_VENDOR[connection.vendor]
    return configured


def search_backend(path: str | None = None) -> SearchBackend:
    """An instance of the backend at `path`, or of the configured one."""
    backend: SearchBackend = import_string(path or backend_path())()
    return backend
