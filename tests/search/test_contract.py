"""The search contract, run against the backend of the database this run uses.

CI runs the suite once on SQLite and once on PostgreSQL, so each backend is held to the same
contract in its own run; nothing is skipped: the database's own backend (the vendor picks it)
and the Tantivy text index run on both.
"""

import pytest
from django.db import connection
from tests.factories import indexed, tag, work_row
from tests.search.contract import SearchContract

from ficarchive.search.backends import DEFAULT_BY_VENDOR, TANTIVY, tantivy_engine
from ficarchive.search.textindex import ranking


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

    @pytest.mark.parametrize(
        "fields",
        [
            {"text": "heron"},
            {"text": "heron", "ratings": ("General Audiences", "Teen And Up Audiences")},
            {"text": "heron marsh", "ratings": ("Teen And Up Audiences",)},
            {"text": "heron OR reed", "fandoms": ("Fenland",), "exclude_tags": ("Rain",)},
            {"text": "heron marsh reed", "ratings": ("General Audiences",)},
            {"text": "heron OR reed marsh -storm", "ratings": ("General Audiences", "Mature")},
            {"text": '"grey heron" OR marsh -storm', "ratings": ("General Audiences", "Mature")},
        ],
    )
    def test_many_matches_rank_apart_in_the_same_order(self, monkeypatch, fields):
        """Matches handed over in id order, their pages read from the engine's best few hits
        (narrowed or not), come in exactly the order of every match scored at once: best score
        first, newer id first among equal scores, every match once across the pages."""
        ratings = [
            tag(n, "rating") for n in ("General Audiences", "Teen And Up Audiences", "Mature")
        ]
        fenland, rain = tag("Fenland", "fandom"), tag("Rain")
        works = []
        for n in range(60):
            # Ten texts, six works each: runs of equal scores, cut by the engine's small batches.
            words = ["heron", "marsh", "reed", "storm", "grey heron"][: 1 + n % 5]
            works.append(
                work_row(
                    f"Heron {n % 10}" if n % 10 == 0 else f"Walk {n % 10}",
                    summary=" ".join(words),
                    notes="a grey heron" if n % 2 == 0 else "",
                    tags=(
                        ratings[n % 3],
                        *((fenland,) if n % 4 < 2 else ()),
                        *((rain,) if n % 7 == 0 else ()),
                    ),
                )
            )
        indexed(*works)
        # Taken in again, the newer half goes to the end of the engine's order: among equal
        # scores it keeps the older works first, which must not decide the order.
        indexed(*works[30:])

        def pages(apart_from: int) -> tuple[int, list[int]]:
            monkeypatch.setattr(tantivy_engine, "RANKED_APART_FROM", apart_from)
            monkeypatch.setattr(tantivy_engine, "RANKED_APART_ALONE_FROM", apart_from)
            monkeypatch.setattr(ranking, "FIRST_HITS", 3)  # a tie run at most batches' ends
            order: list[int] = []
            for page in range(1, 9):
                results = self.search(**fields, sort="best", page=page, per_page=4)
                order += results.ids(results.query.offset, 4)
            return results.total, order

        total, scored = pages(10**9)
        assert total > 8
        assert pages(0) == (total, scored)
        assert len(set(scored)) == len(scored) == min(total, 32)
