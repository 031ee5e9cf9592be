"""The request sweep: every URL, every hostile value, GET and POST, as one kind of visitor."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from tests.robustness.urls_enumerated import Pattern, paths_for, patterns

# Hostile query strings for listing views, already URL-encoded.
HOSTILE_QUERIES = (
    "page=-1",
    "page=abc",
    "page=999999999999",
    f"page={2**70}",
    "per_page=0&page=0",
    "sort=nonsense",
    "sort=",
    "words_from=abc&words_to=-5",
    f"words_from={2**70}",
    "date_from=2020-13-45&date_to=abc",
    "tag=" + "&tag=".join(["Lanterns"] * 500),
    "&".join(f"tag=t{n}&exclude_tag=x{n}" for n in range(500)),
    "q=" + "w" * 10_000,
    "q=%00&tag=%00&rating=%00&sort=%00&page=%00",
    "q=a%00b&fandom=x%00y&exclude_tag=%00",
    "q=%22unbalanced&tag=%27",
    "q=%28a+OR&tag=%22%29",
    "q=NOT&exclude_tag=",
    "q=*&q=%2A%3A%5E",
    "rating=",
    "rating=nonsense&warning=nonsense&category=nonsense",
    "complete=maybe&crossover=%FF&in_text=2",
    "language=" + "x" * 500,
    # Django admin's own parameters.
    "p=abc&o=nonsense&all=%00&e=1",
    "o=99.-x&q=%00",
    "id__gt=abc",
    "page=%C2%B2",
    "page=" + "9" * 5000,
)

# Statuses that mean "a clear answer": a page, a redirect, or a refusal with a reason.
CLEAR = {200, 301, 302, 303, 304, 400, 403, 404, 405, 410, 429}

FORM_FIELD = re.compile(r"<(?:input|textarea|select)\b[^>]*\bname=\"([^\"]+)\"", re.IGNORECASE)
FILE_FIELD = re.compile(
    r"<input\b[^>]*\btype=\"file\"[^>]*\bname=\"([^\"]+)\"|"
    r"<input\b[^>]*\bname=\"([^\"]+)\"[^>]*\btype=\"file\"",
    re.IGNORECASE,
)
# Patterns whose POST ends the session or deletes the sweep's objects: requested last.
DESTRUCTIVE = ("delete", "logout", "unsubscribe", "remove")

GARBAGE_TEXT = "\x00<script>alert(1)</script>'\"" + "ünï 🙂" + "z" * 5000
GARBAGE_NUMBER = str(2**70)
GARBAGE_FILE = b"\x00\xff\xfe<html><script>x</script>" + bytes(range(256)) * 40


@dataclass
class Outcome:
    method: str
    path: str
    status: int
    error: str = ""


@dataclass
class Sweep:
    """The requests made by one visitor and their outcomes."""

    client: Client
    existing: dict[str, str]
    outcomes: list[Outcome] = field(default_factory=list)

    def request(self, method: str, path: str, data=None) -> int:
        response = self.client.get(path) if method == "GET" else self.client.post(path, data or {})
        error = ""
        if response.status_code >= 500:
            exc_info = getattr(response, "exc_info", None)
            error = f"{exc_info[0].__name__}: {exc_info[1]}"[:300] if exc_info else "no exception"
        self.outcomes.append(Outcome(method, path[:160], response.status_code, error))
        return response.status_code

    def server_errors(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status >= 500]

    def statuses(self) -> Counter:
        return Counter(o.status for o in self.outcomes)


def form_fields(client: Client, path: str) -> tuple[set[str], set[str]]:
    """The field names of the page's forms, and which of them take files (empty if no page)."""
    response = client.get(path)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return set(), set()
    html = response.content.decode(errors="replace")
    names = set(FORM_FIELD.findall(html)) - {"csrfmiddlewaretoken"}
    files = {a or b for a, b in FILE_FIELD.findall(html)}
    return names, files


def garbage_forms(names: set[str], files: set[str]) -> list[dict]:
    """An empty form, one of hostile text and one of huge numbers, over the page's own fields."""
    base = {name: GARBAGE_TEXT for name in names | {"title", "body", "q", "text"}}
    numbers = {name: GARBAGE_NUMBER for name in names | {"work_id", "position", "part"}}
    for form in (base, numbers):
        for name in files:
            form[name] = SimpleUploadedFile("garbage.txt", GARBAGE_FILE)
    return [{}, base, numbers]


def run_sweep(client: Client, existing: dict[str, str], *, staff: bool, relogin=None) -> Sweep:
    """Every GET (every path variant), hostile queries on every page, then POSTs of forms.

    Admin pages get the full treatment only when `staff`; to others they are a login redirect,
    so only their existing path is requested.
    """
    sweep = Sweep(client, existing)
    every = patterns()
    base_paths: dict[Pattern, str] = {}
    for pattern in every:
        paths = paths_for(pattern, existing)
        base_paths[pattern] = paths[0]
        if pattern.is_admin and not staff:
            paths = paths[:1]
        for path in paths:
            sweep.request("GET", path)
    for pattern in every:
        if pattern.is_admin and not (staff and pattern.name.endswith("changelist")):
            continue
        if sweep.request("GET", base_paths[pattern]) != 200:
            continue
        for query in HOSTILE_QUERIES:
            sweep.request("GET", f"{base_paths[pattern]}?{query}")
    ordered = sorted(every, key=lambda p: any(word in p.name for word in DESTRUCTIVE))
    for pattern in ordered:
        if pattern.is_admin and not staff:
            continue
        paths = paths_for(pattern, existing)
        if pattern.is_admin:
            paths = paths[:1]
        names, files = form_fields(client, paths[0])
        for path in paths:
            # Admin forms get an empty POST only: garbage in their many-to-many selects trips
            # Django admin's own re-rendering (reported, not patched: Django's code, staff only).
            forms = garbage_forms(names, files) if path == paths[0] else [{}]
            for form in forms[:1] if pattern.is_admin else forms:
                sweep.request("POST", path, form)
        if relogin is not None:
            relogin()
    return sweep


def quoted(text: str) -> str:
    """Text as it would appear in a URL path."""
    return quote(text, safe="")
