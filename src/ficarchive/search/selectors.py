"""Reading the search index: the works listing, the JSON API and the command all come through here."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from pyroaring import BitMap

from ficarchive.search.backends import search_backend
from ficarchive.search.query import SearchQuery
from ficarchive.search.results import SearchResults

if TYPE_CHECKING:
    from ficarchive.works.readers import Reader


def work_search(
    *, query: SearchQuery, user: Reader | None = None, within: Iterable[int] | None = None
) -> SearchResults:
    """Lazy results of `query` limited to the works `user` may see (anonymous when None), and to
    the work ids in `within` when given. Totals, order and pages come from the search index, so
    a listing costs the same whatever the size of the archive."""
    limit = None if within is None else BitMap(within)
    return search_backend().search(query, user=user, within=limit)
