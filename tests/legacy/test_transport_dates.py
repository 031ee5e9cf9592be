"""`date_year`: the year of a post's Date header, four digits or RFC 822's two."""

from __future__ import annotations

import pytest

from ficarchive.legacy.transport import date_year


@pytest.mark.parametrize(
    ("value", "year"),
    [
        ("Sun, 19 Jun 94 20:04:12 -0500", 1994),
        ("3-Mar-95 10:00:00 GMT", 1995),
        ("Tue, 4 Feb 03 09:12:00 +0000", 2003),
        ("Mon, 5 Jun 2000 11:40:12 -0500", 2000),
        ("Sunday, at noon", None),
        ("Sun, 19 Jun 20:04:12", None),
    ],
)
def test_date_year(value: str, year: int | None) -> None:
    """1990s news software wrote two-digit years; they count (70-99 as 19xx)."""
    assert date_year(value) == year
