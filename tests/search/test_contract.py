"""The search contract, run against the backend of the database this run uses.

CI runs the suite once on SQLite and once on PostgreSQL, so each backend is held to the same
contract in its own run; nothing is skipped: the database's own backend (the vendor picks it)
and the Tantivy text index run on both.
"""

from django.db import connection
from tests.factories import indexed, work_row
from tests.search.contract import SearchContract

from ficarchive.search.backends import DEFAULT_BY_VENDOR, TANTIVY


class TestBackendOfThisDatabase(SearchContract):
    backend_path = DEFAULT_BY_VENDOR[connection.vendor]


class TestTantivyBackend(SearchContract):
    """The archive's own text index, on whichever database this run uses."""

    backend_path = TANTIVY

    def test_marker_characters_in_a_text_never_become_marks(self):
        """A text holding the characters highlights are marked with gets only its own words'
        <mark> pairs: the stray characters are shown as replacement characters."""
        indexed(work_row("Tide", summary="Before \ue000 the tide \ue001 after"))
        [result] = self.search(text="tide")[0:1]
        joined = " ".join(result.search_highlights)
        assert joined.count("<mark>") == joined.count("</mark>") == 2  # title and summary
        assert "\ue000" not in joined
        assert "\ue001" not in joined
        assert joined.count("\ufffd") == 2
