"""The search contract, run against the backend of the database this run uses.

CI runs the suite once on SQLite and once on PostgreSQL, so each backend is held to the same
contract in its own run; nothing is skipped: the database's own backend (the vendor picks it)
and the Tantivy text index run on both.
"""

from django.db import connection
from tests.search.contract import SearchContract

from ficarchive.search.backends import DEFAULT_BY_VENDOR, TANTIVY


class TestBackendOfThisDatabase(SearchContract):
    backend_path = DEFAULT_BY_VENDOR[connection.vendor]


class TestTantivyBackend(SearchContract):
    """The archive's own text index, on whichever database this run uses."""

    backend_path = TANTIVY
