"""`ficarchive bench search --works N [--json]`: the archive's search beside Tantivy and a naive ORM.

Builds a synthetic archive in a data folder of its own (never the site's), then times a fixed mix of
queries (filter-only listing by kudos, include + exclude tags, text + filters, rating + word range,
a deep page, and at up to 100,000 works story-text queries) on four sides, query by query in the
same rounds: ficarchive as `/api/works/` answers (total, facets, the top 20 with their summaries
and highlights) with its Tantivy text engine (`ficarchive`) and with the database's own full text
(`database`), a Tantivy peer answering the same whole query by itself (`search_peer`), and the
naive Django ORM (`search_naive`). Every side gets the same warm-up round. It also times what a
tag change costs a warm process. The last line printed with `--json` is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
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


Side = Callable[[dict[str, Any]], int]


def _ours(path: str) -> Side:
    """One search through the backend at `path` as `/api/works/` answers it: total, facets, the
    page (each work's summary kept until it changes, as the site keeps it) and highlights."""
    from ficarchive.search.backends import search_backend
    from ficarchive.search.query import SearchQuery
    from ficarchive.search.serialize import results_data

    def side(fields: dict[str, Any]) -> int:
        total: int = results_data(search_backend(path).search(SearchQuery(**fields)))["total"]
        return total

    return side


def _naive(fields: dict[str, Any]) -> int:
    from ficarchive.bench.search_naive import naive_search
    from ficarchive.search.query import SearchQuery

    total: int = naive_search(SearchQuery(**fields))["total"]
    return total


def time_sides(
    mix: list[tuple[str, dict[str, Any]]], rounds: int, sides: dict[str, Side]
) -> tuple[dict[str, dict[str, list[float]]], dict[str, list[int]]]:
    """Milliseconds per side and query kind over `rounds` timed rounds, and each side's totals.

    Round 0 warms every side up and gives the totals; it is not counted. Within a round every
    query is answered by every side in turn, the first side rotating from query to query, so
    that whatever else the machine is doing falls on all sides alike."""
    times: dict[str, dict[str, list[float]]] = {name: {} for name in sides}
    totals: dict[str, list[int]] = {name: [] for name in sides}
    names = list(sides)
    for round_number in range(rounds + 1):
        for position, (kind, fields) in enumerate(mix):
            shift = (position + round_number) % len(names)
            for name in names[shift:] + names[:shift]:
                started = time.perf_counter()
                total = sides[name](fields)
                elapsed = (time.perf_counter() - started) * 1000
                if round_number == 0:
                    totals[name].append(total)
                else:
                    times[name].setdefault(kind, []).append(elapsed)
    return times, totals


def archive_build(
    args: argparse.Namespace, *, as_json: bool
) -> tuple[SyntheticArchive, float | None]:
    """Write the synthetic archive (or describe the one already there with `--reuse`) and index
    its text; the seconds it took (None when reused)."""
    from django.db import connection

    from ficarchive.bench.pages import BIG_WORK_TITLE
    from ficarchive.bench.search_archive import archive_generate
    from ficarchive.works.models import Work

    # `bench pages` adds one long work to the same archive: it is not one of the generated ones.
    reuse = args.reuse and Work.objects.exclude(title=BIG_WORK_TITLE).count() == args.works
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


def _rss_settled_mb() -> float:
    """Resident MB once garbage is collected and freed heap pages handed back to the system."""
    import contextlib
    import ctypes
    import gc

    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: only less settled
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    return _rss_mb()


def index_build(*, as_json: bool) -> dict[str, float]:
    """Build this process's bitmap index from scratch: its time, what `memory_bytes()` says it
    holds, and what dropping it gives back to the system (the truth to hold it to)."""
    from ficarchive.search.bitmaps.sync import (
        work_index_current,
        work_index_forget,
        work_index_share,
    )

    work_index_forget()
    rss_before = _rss_settled_mb()
    started = time.perf_counter()
    index = work_index_current()
    seconds = time.perf_counter() - started
    growth = _rss_settled_mb() - rss_before
    estimated = index.memory_bytes() / 1e6
    del index
    work_index_forget()
    freed = growth - (_rss_settled_mb() - rss_before)
    # Again for the timed rounds, made ready as `serve` makes it before forking its workers
    # (frozen out of the garbage collector, whose full passes would otherwise walk it).
    work_index_share()
    say(
        f"bitmap index built in {seconds:.1f}s, +{growth:.0f} MB resident; memory_bytes()"
        f" {estimated:.0f} MB, dropping it frees {freed:.0f} MB",
        as_json=as_json,
    )
    return {
        "build_index_s": round(seconds, 2),
        "index_rss_growth_mb": round(growth, 1),
        "index_estimated_mb": round(estimated, 1),
        "index_freed_mb": round(freed, 1),
    }


def _figures(per_kind: dict[str, list[float]]) -> tuple[float, float, float]:
    every = [t for values in per_kind.values() for t in values]
    return (
        round(statistics.median(every), 2),
        round(percentile(every, 0.95), 2),
        round(max(every), 2),
    )


def summarize(
    mix: list[tuple[str, dict[str, Any]]],
    times: dict[str, dict[str, list[float]]],
    totals: dict[str, list[int]],
) -> dict[str, Any]:
    """The report's figures: ours overall and per kind, each other side beside them."""
    ours = times["ficarchive"]
    p50, p95, most = _figures(ours)
    summary: dict[str, Any] = {
        "queries": sum(len(v) for v in ours.values()),
        "p50_ms": p50,
        "p95_ms": p95,
        "max_ms": most,
        "per_kind": {
            kind: {
                "p50_ms": round(statistics.median(v), 2),
                "p95_ms": round(percentile(v, 0.95), 2),
                "max_ms": round(max(v), 2),
            }
            for kind, v in ours.items()
        },
    }
    for side, prefix in (("peer", "peer_"), ("database", "database_"), ("naive", "naive_")):
        if side not in times:
            continue
        p50, p95, _ = _figures(times[side])
        summary[f"{prefix}p50_ms"], summary[f"{prefix}p95_ms"] = p50, p95
        for kind, values in times[side].items():
            figures = summary["per_kind"][kind]
            figures[f"{prefix}p50_ms"] = round(statistics.median(values), 2)
            figures[f"{prefix}p95_ms"] = round(percentile(values, 0.95), 2)
    if "peer" in times:
        summary["peer"] = "tantivy"
        agree = sum(a == b for a, b in zip(totals["ficarchive"], totals["peer"], strict=True))
        summary["peer_totals_agree"] = f"{agree}/{len(mix)}"
        for figures in summary["per_kind"].values():
            figures["p95_vs_peer"] = round(figures["p95_ms"] / max(figures["peer_p95_ms"], 1e-9), 2)
    if "naive" in times:
        summary["speedup_p95"] = round(summary["naive_p95_ms"] / max(summary["p95_ms"], 1e-9), 1)
        # Filters without words must agree exactly (word matching differs: stems vs substrings).
        compared = [
            (a, b)
            for (_, fields), a, b in zip(mix, totals["ficarchive"], totals["naive"], strict=True)
            if "text" not in fields
        ]
        summary["totals_agree"] = f"{sum(a == b for a, b in compared)}/{len(compared)}"
    return summary


def text_index_build(*, as_json: bool) -> float:
    """Bring the Tantivy text index up to date with the archive (built from the database the
    first time); the seconds it took."""
    from ficarchive.search.textindex.follow import text_index_catch_up

    started = time.perf_counter()
    text_index_catch_up(wait=600)
    seconds = time.perf_counter() - started
    say(f"text index up to date in {seconds:.1f}s", as_json=as_json)
    return seconds


def tag_change_ms() -> dict[str, float]:
    """What a committed tag change costs a warm process: the milliseconds its next search
    spends bringing the bitmap index up to date (a tag renamed, then renamed back), beside a
    search with nothing to catch up."""
    from django.db import transaction

    from ficarchive.search.bitmaps.sync import work_index_current
    from ficarchive.works.models import Tag

    work_index_current()
    started = time.perf_counter()
    work_index_current()
    idle = (time.perf_counter() - started) * 1000
    tag = Tag.objects.filter(canonical=True).order_by("id").first()
    if tag is None:
        return {}
    costs = []
    for name in (f"{tag.name} (renamed)", tag.name):
        with transaction.atomic():
            tag.name = name
            tag.save()
        started = time.perf_counter()
        work_index_current()
        costs.append((time.perf_counter() - started) * 1000)
    return {"tag_change_catch_up_ms": round(max(costs), 1), "no_change_ms": round(idle, 2)}


def peer_available() -> bool:
    """Whether the peer (the `tantivy` package) can run."""
    from ficarchive.bench.search_peer import peer_available as available

    return available()


def _arguments(argv: list[str]) -> argparse.Namespace:
    """The command line of `bench search`."""
    parser = arguments("search", __doc__)
    parser.add_argument("--works", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds of the mix")
    parser.add_argument("--data", help="data folder (default: a new folder under /tmp)")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive baseline")
    parser.add_argument("--no-peer", action="store_true", help="skip the Tantivy peer")
    parser.add_argument(
        "--no-database", action="store_true", help="skip our database full-text side"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="time the archive already in --data (same --works)"
    )
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    """Build the archive, time the query mix through ficarchive, the Tantivy peer and the naive
    ORM side by side, report."""
    args = _arguments(argv)
    data = django_setup(data=args.data, prefix="search")
    from django.db import connection

    from ficarchive.search.backends import DEFAULT_BY_VENDOR, TANTIVY

    # The archive is written with the database's full text (the default backend), so both of
    # our text engines can answer: Tantivy's index is then built from the database.
    archive, data_seconds = archive_build(args, as_json=args.json)
    text_seconds = text_index_build(as_json=args.json)
    index_figures = index_build(as_json=args.json)
    mix = _query_mix(archive, args.works)
    sides: dict[str, Side] = {"ficarchive": _ours(TANTIVY)}
    if not args.no_database:
        sides["database"] = _ours(DEFAULT_BY_VENDOR[connection.vendor])
    peer_seconds = None
    if not args.no_peer and peer_available():
        from ficarchive.bench.search_peer import peer_build
        from ficarchive.search.query import SearchQuery

        peer, peer_seconds = peer_build(str(data / "bench-peer") if args.data else None)
        sides["peer"] = lambda fields: peer.search(SearchQuery(**fields)).total
    if not args.no_naive:
        sides["naive"] = _naive
    times, totals = time_sides(mix, args.repeat, sides)
    summary: dict[str, Any] = {"works": args.works, **summarize(mix, times, totals)}
    summary.update(
        {
            "database": connection.vendor,
            "backend": "tantivy",
            "database_backend": DEFAULT_BY_VENDOR[connection.vendor].rsplit(".", 1)[1],
            "story_text_timed": archive.bodies,
            "rounds": args.repeat,
            "build_data_s": None if data_seconds is None else round(data_seconds, 1),
            "build_text_index_s": round(text_seconds, 1),
            "peer_build_s": None if peer_seconds is None else round(peer_seconds, 1),
            **index_figures,
            **tag_change_ms(),
            "peak_rss_mb": round(_rss_mb("VmHWM"), 1),
            "load_average": round(os.getloadavg()[0], 2),
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
