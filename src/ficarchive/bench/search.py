"""`ficarchive bench search --works N [--json]`: the search index against the naive ORM on one archive.

Builds a synthetic archive in a data folder of its own (never the site's), then times a fixed mix of
queries (filter-only listing by kudos, include + exclude tags, text + filters, rating + word range,
a deep page, and at up to 100,000 works story-text queries), each with facet counts and the top 20,
through the search index and through the naive implementation. The last line printed with `--json`
is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ficarchive.bench.harness import arguments, django_setup, percentile, report, say

if TYPE_CHECKING:
    from ficarchive.bench.search_archive import SyntheticArchive

STORY_TEXT_UP_TO = 100_000
WARNINGS_NONE = "No Archive Warnings Apply"


def _rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _query_mix(archive: SyntheticArchive, works: int) -> list[tuple[str, dict[str, Any]]]:
    tags, vocab = archive.tags, archive.vocabulary
    fandom, char, free = tags["fandom"], tags["character"], tags["freeform"]
    wide = (5000, 50_000) if not archive.bodies else (500, 2000)
    mix: list[tuple[str, dict[str, Any]]] = [
        ("listing_kudos", {"ratings": ("Explicit",), "sort": "kudos"}),
        ("listing_kudos", {"fandoms": (fandom[0],), "sort": "kudos"}),
        ("listing_kudos", {"fandoms": (fandom[5],), "categories": ("M/M",), "sort": "kudos"}),
        (
            "include_exclude",
            {"fandoms": (fandom[0],), "tags": (char[1],), "exclude_tags": (free[0],)},
        ),
        (
            "include_exclude",
            {"fandoms": (fandom[2],), "tags": (char[17],), "exclude_tags": (free[1],)},
        ),
        ("include_exclude", {"tags": (free[3],), "exclude_tags": ("Explicit", free[0])}),
        (
            "text_filters",
            {"text": vocab[60], "ratings": ("General Audiences", "Teen And Up Audiences")},
        ),
        ("text_filters", {"text": f"{vocab[300]} {vocab[20]}", "fandoms": (fandom[1],)}),
        ("text_filters", {"text": f"{vocab[1500]} OR {vocab[2500]}", "warnings": (WARNINGS_NONE,)}),
        ("rating_words", {"ratings": ("Mature",), "words_from": wide[0], "words_to": wide[1]}),
        (
            "rating_words",
            {
                "ratings": ("Teen And Up Audiences", "General Audiences"),
                "words_from": wide[1],
                "sort": "words",
            },
        ),
        ("rating_words", {"ratings": ("Explicit",), "words_to": wide[0], "sort": "comments"}),
        ("deep_page", {"sort": "hits", "page": 500}),
        ("deep_page", {"tags": (free[0],), "sort": "updated", "page": 200}),
        ("deep_page", {"fandoms": (fandom[0],), "sort": "title", "page": 100}),
    ]
    if archive.bodies and works <= STORY_TEXT_UP_TO:
        mix += [
            ("story_text", {"text": f"{vocab[400]} in:text", "ratings": ("Mature", "Explicit")}),
            ("story_text", {"text": f'"{vocab[3]} {vocab[5]}" in:text', "fandoms": (fandom[3],)}),
            ("story_text", {"text": f"{vocab[2000]} -{vocab[10]} in:text"}),
        ]
    return mix


def _time_index(
    mix: list[tuple[str, dict[str, Any]]], repeat: int
) -> tuple[list[float], dict[str, list[float]], list[int]]:
    from ficarchive.search.query import SearchQuery
    from ficarchive.search.selectors import work_search

    times: list[float] = []
    per_kind: dict[str, list[float]] = {}
    totals: list[int] = []
    for round_number in range(repeat + 1):
        for kind, fields in mix:
            started = time.perf_counter()
            results = work_search(query=SearchQuery(**fields))
            total = results.total
            results.facets  # noqa: B018 - evaluating the facets is part of what is timed
            results.page()
            elapsed = (time.perf_counter() - started) * 1000
            if round_number == 0:
                totals.append(total)
                continue  # the first round warms caches and is not counted
            times.append(elapsed)
            per_kind.setdefault(kind, []).append(elapsed)
    return times, per_kind, totals


def _time_naive(
    mix: list[tuple[str, dict[str, Any]]], repeat: int
) -> tuple[list[float], dict[str, list[float]], list[int]]:
    """The naive side, timed like the index: one warm-up round, then `repeat` counted rounds."""
    from ficarchive.bench.search_naive import naive_search
    from ficarchive.search.query import SearchQuery

    times: list[float] = []
    per_kind: dict[str, list[float]] = {}
    totals: list[int] = []
    for round_number in range(repeat + 1):
        for kind, fields in mix:
            started = time.perf_counter()
            result = naive_search(SearchQuery(**fields))
            elapsed = (time.perf_counter() - started) * 1000
            if round_number == 0:
                totals.append(result["total"])
                continue  # the same warm-up round as the index and the peer
            times.append(elapsed)
            per_kind.setdefault(kind, []).append(elapsed)
    return times, per_kind, totals


def archive_build(
    args: argparse.Namespace, *, as_json: bool
) -> tuple[SyntheticArchive, float | None]:
    """Write the synthetic archive (or describe the one already there with `--reuse`) and index
    its text; the seconds it took (None when reused)."""
    from django.db import connection

    from ficarchive.bench.search_archive import archive_generate
    from ficarchive.works.models import Work

    reuse = args.reuse and Work.objects.count() == args.works
    say(
        f"{'reusing' if reuse else 'building'} {args.works} works ({connection.vendor})",
        as_json=as_json,
    )

    def progress(done: int, total: int) -> None:
        if done % 50_000 == 0:
            say(f"  {done}/{total} works", as_json=as_json)

    started = time.perf_counter()
    archive = archive_generate(
        works=args.works, bodies=args.works <= STORY_TEXT_UP_TO, progress=progress, write=not reuse
    )
    seconds = time.perf_counter() - started
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    say(f"archive written and text indexed in {seconds:.1f}s", as_json=as_json)
    return archive, None if reuse else seconds


def index_build(*, as_json: bool) -> dict[str, float]:
    """Build this process's bitmap index from scratch: its time and memory."""
    from ficarchive.search.bitmaps.sync import work_index_current, work_index_forget

    work_index_forget()
    rss_before = _rss_mb()
    started = time.perf_counter()
    index = work_index_current()
    seconds = time.perf_counter() - started
    growth = _rss_mb() - rss_before
    say(f"bitmap index built in {seconds:.1f}s, +{growth:.0f} MB resident", as_json=as_json)
    return {
        "build_index_s": round(seconds, 2),
        "index_rss_growth_mb": round(growth, 1),
        "index_estimated_mb": round(index.memory_bytes() / 1e6, 1),
    }


def _kinds(per_kind: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    return {
        kind: {
            "p50_ms": round(statistics.median(v), 2),
            "p95_ms": round(percentile(v, 0.95), 2),
            "max_ms": round(max(v), 2),
        }
        for kind, v in per_kind.items()
    }


def naive_compare(
    mix: list[tuple[str, dict[str, Any]]], summary: dict[str, Any], totals: list[int], repeat: int
) -> None:
    """Time the naive baseline on the same mix; add its figures and the speed-up to `summary`."""
    naive_times, naive_kinds, naive_totals = _time_naive(mix, repeat)
    summary["naive_queries"] = len(naive_times)
    summary["naive_p50_ms"] = round(statistics.median(naive_times), 2)
    summary["naive_p95_ms"] = round(percentile(naive_times, 0.95), 2)
    summary["speedup_p95"] = round(summary["naive_p95_ms"] / max(summary["p95_ms"], 1e-9), 1)
    for kind, values in naive_kinds.items():
        summary["per_kind"][kind]["naive_p50_ms"] = round(statistics.median(values), 2)
        summary["per_kind"][kind]["naive_p95_ms"] = round(percentile(values, 0.95), 2)
    # Filters without words must agree exactly (word matching differs by design: stems vs substrings).
    compared = [
        (a, b) for (_, f), a, b in zip(mix, totals, naive_totals, strict=True) if "text" not in f
    ]
    summary["totals_agree"] = f"{sum(a == b for a, b in compared)}/{len(compared)}"


def peer_available() -> bool:
    """Whether the optional peer (`pip install tantivy`) can run."""
    from ficarchive.bench.search_peer import peer_available as available

    return available()


def peer_compare(
    mix: list[tuple[str, dict[str, Any]]], summary: dict[str, Any], totals: list[int], rounds: int
) -> None:
    """Tantivy on the same archive and mix, same warm-up and rounds (see `search_peer`)."""
    from ficarchive.bench.search_peer import peer_compare as compare

    compare(mix, summary, totals, rounds=rounds)


def main(argv: list[str]) -> int:
    """Build the archive, time the query mix through the index and the naive ORM, report."""
    parser = arguments("search", __doc__)
    parser.add_argument("--works", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds of the index mix")
    parser.add_argument("--data", help="data folder (default: a new folder under /tmp)")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive baseline")
    parser.add_argument("--no-peer", action="store_true", help="skip the Tantivy peer")
    parser.add_argument(
        "--reuse", action="store_true", help="time the archive already in --data (same --works)"
    )
    args = parser.parse_args(argv)
    data = django_setup(data=args.data, prefix="search")
    from django.db import connection

    archive, data_seconds = archive_build(args, as_json=args.json)
    index_figures = index_build(as_json=args.json)
    mix = _query_mix(archive, args.works)
    times, per_kind, totals = _time_index(mix, args.repeat)
    summary: dict[str, Any] = {
        "works": args.works,
        "queries": len(times),
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
        "max_ms": round(max(times), 2),
        "per_kind": _kinds(per_kind),
    }
    if not args.no_peer and peer_available():
        peer_compare(mix, summary, totals, rounds=args.repeat)
    if not args.no_naive:
        naive_compare(mix, summary, totals, args.repeat)
    summary.update(
        {
            "database": connection.vendor,
            "story_text_timed": archive.bodies,
            "build_data_s": None if data_seconds is None else round(data_seconds, 1),
            **index_figures,
            "peak_rss_mb": round(_rss_mb("VmHWM"), 1),
            "data": str(data),
        }
    )
    lines = [f"  {kind:16} {json.dumps(figures)}" for kind, figures in summary["per_kind"].items()]
    report(
        summary,
        [*lines, *([] if args.json else [json.dumps(summary, indent=2)])],
        as_json=args.json,
    )
    return 0
