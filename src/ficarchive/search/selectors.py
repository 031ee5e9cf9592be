"""Reading the search index: the works listing, the JSON API and the command all come through here."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ficarchive.works.readers import Reader

from ficarchive.search.backends import search_backend
from ficarchive.search.query import SearchQuery
from ficarchive.search.results import SearchResults


def work_search(*, query: SearchQuery, user: Reader | None = None) -> SearchResults:
    """Lazy results of `query` limited to the works `user` may see (anonymous when None)."""
    return search_backend().search(query, user=user)
