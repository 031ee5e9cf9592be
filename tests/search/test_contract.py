"""The search contract, run against the backend of the database this run uses.

CI runs the suite once on SQLite and once on PostgreSQL, so each backend is held to the same
contract in its own run; nothing is skipped, and the vendor picks which backend is under test.
"""

from django.db import connection
from tests.search.contract import SearchContract

from ficarchive.search.backends import DEFAULT_BY_VENDOR


class TestBackendOfThisDatabase(SearchContract):
    backend_path = DEFAULT_BY_VENDOR[connection.vendor]
