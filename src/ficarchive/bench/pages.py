"""`ficarchive bench pages --works N [--json]`: the site's pages under load, beside a trivial view.

Builds (or reuses, with `--data`) the search benchmark's synthetic archive plus one 200,000-word
work, serves it with the production server (`ficarchive serve`: gunicorn, the search index built
once in the master and shared by the workers), and drives each page with `wrk` (Debian package
`wrk`) for a few seconds: the front page, a work, the long work, a filtered search, a text search,
`/api/works/`, `/opds/new/`, a tag page, the browse index, `/users/` and the page of the creator
with the most works, then `/healthz` (a view that does
nothing) as the ceiling the same server reaches. For each page it reports requests/s, p50, p95
and the fraction of the ceiling; then the workers' resident memory, the search index's memory for
the whole machine, and how soon a killed worker's replacement answers a search. Before serving,
it also times each page's CPU per request in its own process (Django's test client, best of five
blocks of ten; the trivial view's as `cpu_ms_ceiling`): a figure that other jobs on a shared
machine hardly move. The last line printed with `--json` is one JSON object.

Memory, exactly as counted (kernel figures from /proc, see `process_memory`):
- `index_mb_one_process`: `memory_bytes()` of an index built and prepared as the server's master
  prepares it (tests/search/test_index_memory.py holds that count to what dropping it frees).
- Each worker's private memory (Private_Clean + Private_Dirty) is read three times: once the
  server answers, after a second of the trivial view alone, and after every page was timed.
  What serving the trivial view made private is reported (`worker_private_trivial_mb`) but not
  counted as index: that view never reads the index; it is the interpreter and framework
  pages a worker's first requests copy (reference counts) whatever the archive's size.
- `index_mb_machine` = one index (shared by the master and every worker) + the pages of that
  index each worker has copied (`worker_index_copied_mb`). The master writes where its index
  lies (`search.bitmaps.footprint`: every Python object, numpy buffer and roaring container
  the index holds, found by walking it) before it forks; after the load, each worker's pages
  in those spans are compared, frame by frame, with the master's. The bench logs no change
  while it runs, so no worker builds index structures of its own beside the shared ones.
  Needs root (page frames); without it the field falls back to the upper bound below.
- `index_mb_machine_upper` = one index + everything each worker made private while serving
  the pages: besides any page of the index a worker copied, the framework's pages those views
  touched, the cache of rendered cards, and request memory the allocator keeps after it is
  freed. `machine_private_mb` adds the trivial view's share back: every private byte.
- `worker_private_file_mb`: the part of that growth in pages of mapped files (page cache that
  is private only because one process maps it); it is counted, not left out. SQLite reads
  through read(), not a mapping, so it is about zero.
- As root, each worker's anonymous pages are also split by page frame into those copied from
  the master's (written to after the fork) and its own (`worker_copied_mb`, `worker_own_mb`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

from ficarchive.bench.process_memory import Private, pages_split, private_kb

STORY_TEXT_UP_TO = 100_000
BIG_WORK_WORDS = 200_000
BIG_WORK_TITLE = "The Long Bench Work"
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "errors": %d, "non2xx": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    errors, summary.errors.status))
end
"""


def _say(message: str, as_json: bool) -> None:
    print(message, file=sys.stderr if as_json else sys.stdout, flush=True)


def _progress(done: int, total: int, as_json: bool) -> None:
    if done % 50_000 == 0:
        _say(f"  {done}/{total}", as_json)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _proc_kb(pid: int, path: str, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/{path}").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = (task / "children").read_text().split()
        found += [int(c) for c in children]
    return sorted(found)


def _gunicorn_master(pid: int) -> int | None:
    """The gunicorn master started under `pid` (serve supervises it)."""
    for child in _children(pid):
        if b"gunicorn" in Path(f"/proc/{child}/cmdline").read_bytes():
            return child
    return None


def _workers_all(master: int | None, count: int) -> list[int]:
    """The master's workers, once all `count` are forked (each fork waits for the master)."""
    deadline = time.monotonic() + 120
    while master is not None and time.monotonic() < deadline:
        workers = _children(master)
        if len(workers) >= count:
            return workers
        time.sleep(0.2)
    return _children(master) if master else []


def _get(url: str, timeout: float = 30.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _archive(works: int, as_json: bool) -> dict:
    """The synthetic archive (made unless present) and the long work; names to put in URLs."""
    from django.db import connection

    from ficarchive.bench.search_archive import archive_generate
    from ficarchive.works.models import Work
    from ficarchive.works.selectors import work_visibility_q

    present = Work.objects.exclude(title=BIG_WORK_TITLE).count()
    reuse = present == works
    _say(f"{'reusing' if reuse else 'building'} {works} works ({connection.vendor})", as_json)
    archive = archive_generate(
        works=works,
        bodies=works <= STORY_TEXT_UP_TO,
        write=not reuse,
        progress=lambda done, total: _progress(done, total, as_json),
    )
    big = Work.objects.filter(title=BIG_WORK_TITLE).values_list("id", flat=True).first()
    if big is None:
        big = _big_work_add(archive.vocabulary)
    # A work a guest may read (the generator restricts some): the first public one from the middle.
    public = Work.objects.filter(work_visibility_q(None))
    ids = Work.objects.order_by("id").values_list("id", flat=True)
    middle = public.filter(id__gte=ids[works // 2]).order_by("id").values_list("id", flat=True)[0]
    return {"archive": archive, "big_work": big, "work": middle, "creator": _prolific_creator()}


def _prolific_creator() -> str:
    """The name of the creator with the most works (a creator's page at its costliest)."""
    from django.db.models import Count

    from ficarchive.works.models import Authorship, Creator

    top = (
        Authorship.objects.values("creator_id")
        .annotate(works=Count("id"))
        .order_by("-works", "creator_id")
        .first()
    )
    name: str = Creator.objects.get(pk=top["creator_id"]).name if top else "bench-long-writer"
    return name


def _big_work_add(vocabulary: list[str]) -> int:
    """One posted work of one 200,000-word chapter, indexed."""
    from ficarchive.search.indexing import works_index
    from ficarchive.works.models import Chapter, Creator, Work

    words = [vocabulary[(i * 7919) % 2000] for i in range(BIG_WORK_WORDS)]
    paragraphs = [" ".join(words[i : i + 150]) for i in range(0, len(words), 150)]
    work = Work.objects.create(title=BIG_WORK_TITLE, word_count=BIG_WORK_WORDS, summary="Long.")
    creator, _ = Creator.objects.get_or_create(name="bench-long-writer")
    work.creators.add(creator)
    Chapter.objects.create(
        work=work,
        position=1,
        body_html="\n".join(f"<p>{p}</p>" for p in paragraphs),
        word_count=BIG_WORK_WORDS,
    )
    works_index([work.pk])
    return work.pk


def _page_urls(found: dict) -> dict[str, str]:
    archive = found["archive"]
    fandom, vocab = archive.tags["fandom"], archive.vocabulary
    return {
        "front": "/",
        "work": f"/works/{found['work']}/",
        "big_work": f"/works/{found['big_work']}/",
        "search": "/works/?"
        + urlencode({"fandom": fandom[0], "rating": "Explicit", "sort": "kudos"}),
        "text_search": "/works/?" + urlencode({"q": vocab[60]}),
        "api": "/api/works/?" + urlencode({"fandom": fandom[1]}),
        "opds_new": "/opds/new/",
        "tag": f"/tags/{quote(fandom[2])}/",
        "browse": "/fandoms/",
        "users": "/users/",
        "creator": f"/users/{quote(found['creator'])}/",
    }


def _index_in_process() -> tuple[float, float]:
    """(MB the index says it holds, MB this process grew by building it)."""
    import gc

    from ficarchive.search.bitmaps.sync import work_index_current, work_index_forget

    work_index_forget()
    gc.collect()
    before = _proc_kb(os.getpid(), "status", "VmRSS")
    index = work_index_current()
    index.prepare()  # as the server's master makes it before forking
    gc.collect()
    grown = (_proc_kb(os.getpid(), "status", "VmRSS") - before) / 1024
    return index.memory_bytes() / 1e6, grown


def _cpu_per_request(urls: dict[str, str], *, blocks: int = 5, per_block: int = 10) -> dict:
    """Each page's CPU time per request in this process (Django's test client, no server):
    {name: (best, median) ms} over `blocks` blocks of `per_block` requests, after a warm-up.
    CPU time, not wall time: what other jobs on the machine do hardly moves it; the best block
    is the figure least disturbed by them."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", REMOTE_ADDR="127.0.0.1")
    found: dict[str, tuple[float | None, float | None]] = {}
    for name, url in {"ceiling": "/healthz", **urls}.items():
        for _ in range(3):
            client.get(url)
        times, answered = [], True
        for _ in range(blocks):
            started = time.process_time()
            for _ in range(per_block):
                answered = client.get(url).status_code == 200 and answered
            times.append((time.process_time() - started) * 1000 / per_block)
        times.sort()
        # A refusal (the search throttle) costs little: no figure rather than a flattering one.
        found[name] = (
            (round(times[0], 2), round(times[len(times) // 2], 2)) if answered else (None, None)
        )
    return found


def _serve(data: str, port: int, workers: int) -> subprocess.Popen:
    # One client asks for thousands of text searches: the search throttle is raised so the
    # figures are of the page, not of its "too many requests" answer (its counter still runs).
    env = dict(
        os.environ,
        FICARCHIVE_DATA=data,
        WEB_WORKERS=str(workers),
        FICARCHIVE_JOB_WORKERS="0",
        # One address sends every request: the per-visitor search throttle would answer 429.
        FICARCHIVE_THROTTLES="search=1000000000/60",
    )
    command = [
        sys.executable,
        "-c",
        "import sys; from ficarchive.cli import main; sys.exit(main())",
    ]
    server = subprocess.Popen(
        [*command, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            if _get(f"http://127.0.0.1:{port}/healthz", timeout=2)[0] == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            raise RuntimeError("the server stopped while starting")
        time.sleep(0.5)
    raise RuntimeError("the server did not answer within 10 minutes")


def _wrk(url: str, seconds: int, connections: int, script: Path) -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s"]
    output = subprocess.run(
        [*command, "-s", str(script), url], capture_output=True, text=True, check=True
    ).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    rps = figures["requests"] / (figures["duration_us"] / 1e6)
    return {
        "rps": round(rps, 1),
        "p50_ms": round(figures["p50_us"] / 1000, 2),
        "p95_ms": round(figures["p95_us"] / 1000, 2),
        "requests": figures["requests"],
        "errors": figures["errors"] + figures["non2xx"],
    }


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ficarchive bench pages", description=__doc__)
    parser.add_argument("--works", type=int, default=2000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--data", help="data folder to build in or reuse (default: a new one)")
    parser.add_argument("--seconds", type=int, default=5, help="load per page (default 5)")
    parser.add_argument("--connections", type=int, default=3, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=0, help="port to serve on (default: free)")
    parser.add_argument(
        "--text-engine",
        choices=("database", "tantivy"),
        default=os.environ.get("FICARCHIVE_SEARCH_BACKEND", "database"),
        help="text search engine (FICARCHIVE_SEARCH_BACKEND; default: database, or that "
        "variable); tantivy builds or catches up the archive's text index before serving",
    )
    return parser


def main(argv: list[str]) -> int:
    """Run the benchmark; prints per-page figures beside the trivial-view ceiling."""
    args = _parser().parse_args(argv)
    if shutil.which("wrk") is None:
        print("bench pages needs wrk: apt-get install wrk", file=sys.stderr)
        return 2
    data = args.data or tempfile.mkdtemp(prefix="ficarchive-bench-pages-")
    os.environ["FICARCHIVE_DATA"] = data
    os.environ["FICARCHIVE_SEARCH_BACKEND"] = args.text_engine  # the server inherits it
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ficarchive.site.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", interactive=False, verbosity=0)
    found = _archive(args.works, args.json)
    if args.text_engine == "tantivy":
        from ficarchive.search.textindex.follow import text_index_catch_up

        started = time.perf_counter()
        text_index_catch_up(wait=600)
        _say(f"text index up to date in {time.perf_counter() - started:.1f}s", args.json)
    urls = _page_urls(found)
    index_mb, index_growth_mb = _index_in_process()
    cpu = _cpu_per_request(urls)
    _say(f"search index: {index_mb:.1f} MB by its count, +{index_growth_mb:.1f} MB RSS", args.json)
    connections.close_all()
    port = args.port or _free_port()
    base = f"http://127.0.0.1:{port}"
    footprint = Path(tempfile.mkstemp(suffix=".json")[1])
    os.environ["FICARCHIVE_INDEX_FOOTPRINT"] = str(footprint)  # the master writes it (serve)
    started = time.perf_counter()
    server = _serve(data, port, args.workers)
    _say(f"server up in {time.perf_counter() - started:.1f}s on {base}", args.json)
    try:
        figures = _measure(args, server, base, urls)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        footprint.unlink(missing_ok=True)
    memory = figures["memory"]
    upper = index_mb + sum(memory["worker_private_growth_mb"])
    copied = memory["worker_index_copied_mb"]
    index_machine = index_mb + sum(copied) if None not in copied else upper
    summary = {
        "works": args.works,
        "ceiling_rps": figures["ceiling"]["rps"],
        "index_mb_machine": round(index_machine, 1),
        "worker_rss_mb": figures["worker_rss_mb"],
        "pages": figures["pages"],
        "index_mb_one_process": round(index_mb, 1),
        "index_machine_ratio": round(index_machine / index_mb, 3) if index_mb else None,
        "index_mb_machine_upper": round(upper, 1),
        "machine_private_mb": round(upper + sum(memory["worker_private_trivial_mb"]), 1),
        "index_rss_growth_mb": round(index_growth_mb, 1),
        **memory,
        "restarted_worker_first_search_ms": figures["restart_ms"],
        "cpu_ms_ceiling": cpu["ceiling"][0],
        "workers": args.workers,
        "text_engine": args.text_engine,
        "connections": args.connections,
        "seconds_per_page": args.seconds,
        "load_average": round(os.getloadavg()[0], 2),
        "urls": urls,
    }
    for name, page in summary["pages"].items():
        page["cpu_ms"], page["cpu_ms_median"] = cpu[name]
        _say(
            f"  {name:12} {page['rps']:8.1f} req/s  p50 {page['p50_ms']:8.2f} ms"
            f"  p95 {page['p95_ms']:8.2f} ms  {page['ceiling_fraction']:.1%} of ceiling"
            f"  cpu {page['cpu_ms'] or 0:6.2f} ms",
            args.json,
        )
    print(json.dumps(summary) if args.json else json.dumps(summary, indent=2))
    return 0


def _measure(args, server: subprocess.Popen, base: str, urls: dict[str, str]) -> dict:
    master = _gunicorn_master(server.pid)
    workers = _workers_all(master, args.workers)
    at_start = {pid: private_kb(pid) for pid in workers}
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(WRK_SCRIPT)
    try:
        _wrk(base + "/healthz", 1, args.connections, script)  # the trivial view alone first
        after_trivial = {pid: private_kb(pid) for pid in workers}
        if _get(base + urls["browse"])[0] != 200:
            urls["browse"] = "/opds/fandoms/"  # until the site has its own browse index
        for url in urls.values():  # every worker renders each page once before timing
            for _ in range(args.workers * 2):
                _get(base + url)
        pages = {
            name: _wrk(base + url, args.seconds, args.connections, script)
            for name, url in urls.items()
        }
        ceiling = _wrk(base + "/healthz", args.seconds, args.connections, script)
    finally:
        script.unlink()
    for page in pages.values():
        page["ceiling_fraction"] = round(page["rps"] / ceiling["rps"], 4)
    rss = [round(_proc_kb(pid, "status", "VmRSS") / 1024, 1) for pid in workers]
    footprint = _footprint(Path(os.environ["FICARCHIVE_INDEX_FOOTPRINT"]))
    memory = _worker_memory(master, workers, at_start, after_trivial, footprint)
    for pid in workers:
        os.kill(pid, signal.SIGKILL)
    started = time.perf_counter()
    status, _ = _get(base + urls["text_search"], timeout=60)
    restart_ms = round((time.perf_counter() - started) * 1000, 1) if status == 200 else None
    return {
        "pages": pages,
        "ceiling": ceiling,
        "worker_rss_mb": rss,
        "memory": memory,
        "restart_ms": restart_ms,
    }


def _worker_memory(
    master: int | None,
    workers: list[int],
    at_start: dict[int, Private],
    after_trivial: dict[int, Private],
    footprint: list[tuple[int, int]] | None,
) -> dict[str, list]:
    """Each worker's private growth, in MB: from the trivial view, then from the pages (all,
    and the part in mapped files), its pages copied from the master or its own, and the pages
    of the index (`footprint`, spans of addresses) it copied."""

    def mb(kb: int) -> float:
        return round(max(kb, 0) / 1024, 1)

    at_end = {pid: private_kb(pid) for pid in workers}
    splits = [pages_split(master, pid) if master else None for pid in workers]
    of_index = [
        pages_split(master, pid, footprint) if master and footprint else None for pid in workers
    ]
    return {
        "worker_private_trivial_mb": [
            mb(after_trivial[p].total_kb - at_start[p].total_kb) for p in workers
        ],
        "worker_private_growth_mb": [
            mb(at_end[p].total_kb - after_trivial[p].total_kb) for p in workers
        ],
        "worker_private_file_mb": [mb(at_end[p].file_kb - at_start[p].file_kb) for p in workers],
        "worker_copied_mb": [mb(s.copied_kb) if s else None for s in splits],
        "worker_own_mb": [mb(s.own_kb) if s else None for s in splits],
        "worker_index_copied_mb": [mb(s.copied_kb) if s else None for s in of_index],
    }


def _footprint(path: Path) -> list[tuple[int, int]] | None:
    """The page spans of the master's index, as it wrote them before forking (None if not)."""
    try:
        report = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return [(int(low), int(high)) for low, high in report["spans"]]
