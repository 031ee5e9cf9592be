"""Every URL pattern of the site, walked from Django's resolver, with concrete paths to request.

Each path parameter is filled, one at a time, with an existing value and a set of hostile ones
(missing ids, zero, huge numbers, odd strings); the other parameters keep their existing value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import quote

from django.urls import URLPattern, URLResolver, get_resolver

MISSING_ID = "99999999"
HUGE = str(2**70)
INT_VALUES = (MISSING_ID, "0", HUGE)
# Already URL-encoded: the client decodes them into the path the view sees.
STR_VALUES = (
    "no-such-name",
    "%00",
    "a%00b",
    "..%2F..%2Fetc%2Fpasswd",
    "x" * 3000,
    quote("Ünïcødé 名前 🙂", safe=""),
    quote("<script>alert(1)</script>", safe=""),
    quote("'\"; DROP TABLE works_work; --", safe=""),
    "%25",
    "%FF%FE",
)

ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
REGEX_PARAM = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>(?:[^()]|\([^()]*\))*)\)")


@dataclass(frozen=True)
class Pattern:
    """One URL pattern: its full route as written, its name and its view."""

    route: str
    name: str
    callback: Callable
    is_regex: bool

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")

    def params(self) -> list[tuple[str, str]]:
        """(name, kind) for each parameter: kind is int, str, path, digits or a regex body."""
        if self.is_regex:
            found = []
            for match in REGEX_PARAM.finditer(self.route):
                body = match["body"]
                found.append((match["name"], "digits" if body == r"\d+" else body))
            for match in ROUTE_PARAM.finditer(re.sub(REGEX_PARAM, "", self.route)):
                found.append((match["name"], match["converter"] or "str"))
            return found
        return [(m["name"], m["converter"] or "str") for m in ROUTE_PARAM.finditer(self.route)]

    def path(self, values: dict[str, str]) -> str:
        """The route with each parameter replaced by its (URL-encoded) value."""
        route = self.route
        route = ROUTE_PARAM.sub(lambda m: values[m["name"]], route)
        route = REGEX_PARAM.sub(lambda m: values[m["name"]], route)
        route = route.replace("^", "").replace("$", "").replace("\\.", ".")
        return "/" + route


def patterns() -> list[Pattern]:
    """Every URL pattern the site's resolver knows, includes expanded."""

    def walk(entries, prefix: str, regex: bool) -> Iterator[Pattern]:
        for entry in entries:
            text = str(entry.pattern)
            is_regex = regex or type(entry.pattern).__name__ == "RegexPattern"
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, prefix + text, is_regex)
            elif isinstance(entry, URLPattern):
                yield Pattern(prefix + text, entry.name or "", entry.callback, is_regex)

    return list(walk(get_resolver().url_patterns, "", False))


def hostile_values(kind: str) -> tuple[str, ...]:
    """The values tried for a parameter of this kind, besides its existing value."""
    if kind in ("int", "digits"):
        return INT_VALUES
    if kind in ("str", "path", "slug"):
        return STR_VALUES
    if "|" in kind:  # an alternation such as epub|html|txt: its other choices
        return (*tuple(kind.split("|"))[1:], "nonsense")
    return STR_VALUES[:4]


def paths_for(pattern: Pattern, existing: dict[str, str]) -> list[str]:
    """The existing path first, then one path per hostile value of each parameter."""
    params = pattern.params()
    base = {name: existing_value(pattern, name, kind, existing) for name, kind in params}
    paths = [pattern.path(base)]
    for name, kind in params:
        for value in hostile_values(kind):
            paths.append(pattern.path({**base, name: value}))
    return list(dict.fromkeys(paths))


def existing_value(pattern: Pattern, name: str, kind: str, existing: dict[str, str]) -> str:
    """The value of an existing object for this parameter (by pattern name, then by name)."""
    model_admin = getattr(pattern.callback, "model_admin", None)
    if model_admin is not None and name in ("object_id", "id"):
        first = model_admin.model._default_manager.order_by("pk").first()
        return str(first.pk) if first else MISSING_ID
    for key in (f"{pattern.name}:{name}", name):
        if key in existing:
            return existing[key]
    if "|" in kind:
        return kind.split("|")[0]
    return MISSING_ID if kind in ("int", "digits") else "anything"
