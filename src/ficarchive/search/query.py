"""The backend-neutral search query: what the works listing, the API and the command all build."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

# Sort name -> (label, descending). "best" falls back to "updated" when there is no text.
SORTS: dict[str, tuple[str, bool]] = {
    "best": ("Best match", True),
    "updated": ("Date updated", True),
    "posted": ("Date posted", True),
    "words": ("Word count", True),
    "kudos": ("Kudos", True),
    "hits": ("Hits", True),
    "comments": ("Comments", True),
    "bookmarks": ("Bookmarks", True),
    "title": ("Title", False),
    "creator": ("Creator", False),
}
DEFAULT_SORT = "best"
PER_PAGE = 20
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class SearchQuery:
    """Everything a reader can ask of the works listing; empty fields do not filter.

    Tags are names as typed (any type, synonyms allowed). Within `ratings` any one may match;
    every other include list must match as a whole (AO3's filters).
    """

    text: str = ""
    in_text: bool = False
    tags: tuple[str, ...] = ()
    exclude_tags: tuple[str, ...] = ()
    ratings: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    fandoms: tuple[str, ...] = ()
    complete: bool | None = None
    single_chapter: bool = False
    crossover: bool | None = None
    words_from: int | None = None
    words_to: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    language: str = ""
    sort: str = DEFAULT_SORT
    page: int = 1
    per_page: int = PER_PAGE
    errors: tuple[str, ...] = field(default=(), compare=False)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def included_tag_names(self) -> tuple[str, ...]:
        """Tags every result must carry (ratings are handled apart: any one of them)."""
        return (*self.fandoms, *self.warnings, *self.categories, *self.tags)

    def with_changes(self, **changes: Any) -> SearchQuery:
        """A copy with some fields replaced (page goes back to 1 unless given)."""
        changes.setdefault("page", 1)
        return replace(self, **changes)

    def to_params(self) -> list[tuple[str, str]]:
        """The GET parameters that rebuild this query (so every search is a shareable URL)."""
        params: list[tuple[str, str]] = []
        if self.text:
            params.append(("q", self.text))
        if self.in_text:
            params.append(("in_text", "1"))
        for name, values in (
            ("tag", self.tags),
            ("exclude_tag", self.exclude_tags),
            ("rating", self.ratings),
            ("warning", self.warnings),
            ("category", self.categories),
            ("fandom", self.fandoms),
        ):
            params += [(name, v) for v in values]
        if self.complete is not None:
            params.append(("complete", "T" if self.complete else "F"))
        if self.single_chapter:
            params.append(("single_chapter", "1"))
        if self.crossover is not None:
            params.append(("crossover", "T" if self.crossover else "F"))
        for name, value in (
            ("words_from", self.words_from),
            ("words_to", self.words_to),
            ("date_from", self.date_from),
            ("date_to", self.date_to),
        ):
            if value is not None:
                params.append((name, str(value)))
        if self.language:
            params.append(("language", self.language))
        if self.sort != DEFAULT_SORT:
            params.append(("sort", self.sort))
        if self.per_page != PER_PAGE:
            params.append(("per_page", str(self.per_page)))
        if self.page != 1:
            params.append(("page", str(self.page)))
        return params

    def to_querystring(self) -> str:
        return urlencode(self.to_params())
