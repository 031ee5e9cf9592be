"""`ficarchive bench browse --data DIR [--json]`: what each reader page costs on an existing
archive, beside a trivial view in the same process.

For the browse indexes, tag, creator and series pages, the OPDS feeds and the API lists, it
prints the CPU time per request (Django's test client in this process, best and median of five
blocks of ten, as `bench pages` measures it; `/healthz` is the baseline) and the SQL each page
runs once warm: how many statements, and any that counts (COUNT), groups (GROUP BY) or, on
SQLite, walks a whole table (`SCAN` in EXPLAIN QUERY PLAN without an index). The archive is only
read: nothing is migrated or written, so a shared synthetic archive may be pointed at (work
pages count hits, so they are left out). The last line printed with `--json` is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from urllib.parse import quote, urlencode

BIG_TABLES = (
    "works_work",
    "works_authorship",
    "works_work_tags",
    "works_seriespart",
    "works_chapter",
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ficarchive bench browse", description=__doc__)
    parser.add_argument("--data", required=True, help="FICARCHIVE_DATA of an existing archive")
    parser.add_argument("--json", action="store_true", help="last line: one JSON object")
    parser.add_argument("--blocks", type=int, default=5, help="timed blocks of ten requests")
    return parser


def _say(message: str, as_json: bool) -> None:
    print(message, file=sys.stderr if as_json else sys.stdout, flush=True)


def _urls() -> dict[str, str]:
    """The reader pages to look at, with ids taken from the archive (the index and one row
    each: choosing them must not cost what the pages are checked for)."""
    from ficarchive.search.selectors import series_with_works, tag_top
    from ficarchive.works.models import Creator

    fandom = tag_top(user=None, top=1)["fandom"][0].name
    freeform = tag_top(user=None, top=1)["freeform"][0].name
    creator = Creator.objects.order_by("pk").exclude(name="Anonymous").first()
    series = series_with_works(user=None)
    first_series = series[0:1][0].series_id if len(series) else None
    urls = {
        "front": "/",
        "fandoms": "/fandoms/",
        "fandoms_letter": "/fandoms/?letter=S",
        "tags": "/tags/",
        "tags_type": "/tags/?type=freeform",
        "tags_type_letter": "/tags/?type=character&letter=M",
        "tags_type_deep": "/tags/?type=freeform&page=200",
        "users": "/users/",
        "users_letter": "/users/?letter=M",
        "users_later": "/users/?" + urlencode({"after": "m"}),
        "series_index": "/series/",
        "series_index_deep": "/series/?page=500",
        "tag": f"/tags/{quote(fandom)}/",
        "tag_freeform": f"/tags/{quote(freeform)}/",
        "works": "/works/",
        "api_works": "/api/works/",
        "opds_root": "/opds/",
        "opds_new": "/opds/new/",
        "opds_fandoms": "/opds/fandoms/",
        "opds_ratings": "/opds/ratings/",
        "opds_series": "/opds/series/",
        "opds_series_deep": "/opds/series/?page=1000",
    }
    if creator is not None:
        urls["creator"] = f"/users/{quote(creator.name)}/"
    if first_series is not None:
        urls["series"] = f"/series/{first_series}/"
        urls["opds_series_one"] = f"/opds/series/{first_series}/"
    return urls


def _plan(connection, sql: str, params) -> str:
    if connection.vendor != "sqlite":
        return ""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " | ".join(str(row[-1]) for row in cursor.fetchall())


def _queries(client, url: str) -> dict:
    """The statements `url` runs once warm, with the ones that count, group or scan."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        status = client.get(url).status_code
    flagged = []
    for query in captured.captured_queries:
        sql = query["sql"]
        upper = sql.upper()
        notes = []
        if "COUNT(" in upper:
            notes.append("COUNT")
        if "GROUP BY" in upper:
            notes.append("GROUP BY")
        plan = ""
        if connection.vendor == "sqlite" and upper.startswith("SELECT"):
            try:
                plan = _plan(connection, sql.replace("%", "%%"), ())
            except Exception:
                plan = ""
            scans = [t for t in BIG_TABLES if re.search(rf"SCAN {t}\b(?! USING)", plan)]
            scans += [
                t
                for t in ("works_creator", "works_tag", "works_series")
                if re.search(rf"SCAN {t}\b(?! USING)", plan)
            ]
            if scans:
                notes.append("SCAN " + ",".join(scans))
        if notes:
            flagged.append({"notes": notes, "sql": sql[:300], "plan": plan[:300]})
    return {"status": status, "statements": len(captured.captured_queries), "flagged": flagged}


def main(argv: list[str]) -> int:
    """Run the benchmark; prints each page's CPU per request beside the trivial view's."""
    args = _parser().parse_args(argv)
    os.environ["FICARCHIVE_DATA"] = args.data
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ficarchive.site.settings")
    import django

    django.setup()
    from django.test import Client

    from ficarchive.bench.pages import _cpu_per_request
    from ficarchive.search.bitmaps.sync import work_index_current

    started = time.perf_counter()
    index = work_index_current()
    index.prepare()  # as a server's master does before it forks
    _say(f"index built and prepared in {time.perf_counter() - started:.1f}s", args.json)
    urls = _urls()
    client = Client(HTTP_HOST="127.0.0.1", REMOTE_ADDR="127.0.0.1")
    sql = {name: _queries(client, url) for name, url in urls.items()}
    cpu = _cpu_per_request(urls, blocks=args.blocks)
    pages = {}
    for name, url in urls.items():
        best, median = cpu[name]
        pages[name] = {"url": url, "cpu_ms": best, "cpu_ms_median": median, **sql[name]}
        flags = "; ".join(f"{'/'.join(f['notes'])}: {f['sql'][:90]}" for f in sql[name]["flagged"])
        _say(
            f"  {name:18} {sql[name]['status']}  cpu {best or 0:8.2f} ms (median {median or 0:8.2f})"
            f"  {sql[name]['statements']:3} SQL  {flags}",
            args.json,
        )
    summary = {
        "works": len(index.all),
        "cpu_ms_ceiling": cpu["ceiling"][0],
        "load_average": round(os.getloadavg()[0], 2),
        "pages": pages,
    }
    _say(f"  {'ceiling /healthz':18}      cpu {cpu['ceiling'][0]:8.2f} ms", args.json)
    print(json.dumps(summary) if args.json else json.dumps(summary, indent=2))
    return 0
