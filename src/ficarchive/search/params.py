"""GET parameters (the works listing, the JSON API) into a `SearchQuery`, reporting what is wrong."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, QueryDict

from ficarchive.search.query import DEFAULT_SORT, MAX_PER_PAGE, PER_PAGE, SORTS, SearchQuery

TRUE = {"t", "true", "1", "yes", "on"}
FALSE = {"f", "false", "0", "no", "off"}
MAX_PAGE = 100_000
MAX_LIST = 50


def text_searched(request: HttpRequest) -> bool:
    """The request asks for a text search (`q`): the part of a listing that costs the most,
    and what the visitor's search throttle counts."""
    return bool(request.GET.get("q", "").strip())


def _tristate(value: str | None, name: str, errors: list[str]) -> bool | None:
    if value is None or value == "":
        return None
    lowered = value.strip().lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    errors.append(f"{name}: expected T or F, got {value[:40]!r}.")
    return None


def _integer(value: str | None, name: str, errors: list[str], *, low: int, high: int) -> int | None:
    if value is None or value.strip() == "":
        return None
    try:
        number = int(value.strip().replace(",", ""))
    except ValueError:
        errors.append(f"{name}: expected a whole number, got {value[:40]!r}.")
        return None
    if not low <= number <= high:
        errors.append(f"{name}: must be between {low} and {high}.")
        return min(max(number, low), high)
    return number


def _date(value: str | None, name: str, errors: list[str]) -> date | None:
    if value is None or value.strip() == "":
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        errors.append(f"{name}: expected a date as YYYY-MM-DD, got {value[:40]!r}.")
        return None


def _names(values: list[str]) -> tuple[str, ...]:
    """Tag names, also accepting comma-separated lists; blanks dropped, order and case kept."""
    names: list[str] = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if part and part not in names:
                names.append(part[:150])
    return tuple(names[:MAX_LIST])


def search_query_from_params(params: QueryDict) -> SearchQuery:
    """Build a query from a QueryDict-like object (`get`, `getlist`); never raises.

    Values that cannot be read are dropped and described in `SearchQuery.errors`.
    """
    errors: list[str] = []
    sort = (params.get("sort") or DEFAULT_SORT).strip().lower()
    if sort not in SORTS:
        errors.append(f"sort: unknown sort {sort[:40]!r}; sorted by best match.")
        sort = DEFAULT_SORT
    page = _integer(params.get("page"), "page", errors, low=1, high=MAX_PAGE) or 1
    per_page = (
        _integer(params.get("per_page"), "per_page", errors, low=1, high=MAX_PER_PAGE) or PER_PAGE
    )
    language = (params.get("language") or "").strip()[:16]
    return SearchQuery(
        text=(params.get("q") or "")[:10_000],
        in_text=bool(_tristate(params.get("in_text"), "in_text", errors)),
        tags=_names(params.getlist("tag")),
        exclude_tags=_names(params.getlist("exclude_tag")),
        ratings=_names(params.getlist("rating")),
        warnings=_names(params.getlist("warning")),
        categories=_names(params.getlist("category")),
        fandoms=_names(params.getlist("fandom")),
        complete=_tristate(params.get("complete"), "complete", errors),
        single_chapter=bool(_tristate(params.get("single_chapter"), "single_chapter", errors)),
        crossover=_tristate(params.get("crossover"), "crossover", errors),
        words_from=_integer(params.get("words_from"), "words_from", errors, low=0, high=10**9),
        words_to=_integer(params.get("words_to"), "words_to", errors, low=0, high=10**9),
        date_from=_date(params.get("date_from"), "date_from", errors),
        date_to=_date(params.get("date_to"), "date_to", errors),
        language=language,
        sort=sort,
        page=page,
        per_page=per_page,
        errors=tuple(errors),
    )
