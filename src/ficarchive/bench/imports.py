"""`ficarchive bench import --files N [--json]`: import throughput beside parse throughput.

The same generated story files (the parse benchmark's corpus: plain headers, LiveJournal posts,
eFiction pages, archive text) are parsed, then imported into an empty archive on the active
database: a new SQLite data folder, or with `DATABASE_URL` a scratch PostgreSQL database made
beside the configured one and dropped afterwards. Both sides are warmed up on other files first
and timed by the wall clock in the same run. Import is what `ficarchive import` does before
its last step: storing, provenance, and search indexing, except the story text's (the FTS5
tokenizer, PostgreSQL's to_tsvector), which is built after the import from the outbox (the
import indexes the works' metadata and tells the filters); that catching up is timed apart. The last line printed with
`--json` is one JSON object: `{files, database, parse_files_per_s, import_files_per_s, ratio}`,
`cpu_ratio`: the same ratio in CPU time (this process's, plus on PostgreSQL its server
process's when it runs on this machine), which other jobs on a shared machine disturb less than
the wall clock, and `text_index_waiting`, `text_index_drain_s`, `ratio_with_text_index`,
`cpu_ratio_with_text_index`: the story text's index catching up after the import (works, seconds)
and the ratios counting it in.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from ficarchive.bench.harness import cpu_seconds, scratch_archive

WARM_UP_FILES = 8
AVERAGE_FILE_MB = 0.03


def _files_write(folder: Path, corpus: list[bytes]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, data in enumerate(corpus):
        suffix = "html" if data.lstrip().startswith(b"<") else "txt"
        path = folder / f"story-{i:05d}.{suffix}"
        path.write_bytes(data)
        paths.append(path)
    return paths


def main(argv: list[str]) -> int:
    """Run the benchmark; prints files/s for parse and import and their ratio."""
    parser = argparse.ArgumentParser(prog="ficarchive bench import", description=__doc__)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with scratch_archive("import") as data:
        return _run(args, data.parent)


def _run(args, folder: Path) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ficarchive.site.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from ficarchive.bench.parse import generate_corpus
    from ficarchive.importing.batches import import_path
    from ficarchive.legacy.reader import parse_file
    from ficarchive.search.indexing import index_pending_count, index_pending_drain

    def say(message: str) -> None:
        print(message, file=sys.stderr if args.json else sys.stdout, flush=True)

    call_command("migrate", interactive=False, verbosity=0)
    wanted = args.files + WARM_UP_FILES
    corpus = generate_corpus(wanted * AVERAGE_FILE_MB * 1.5)[:wanted]
    warm = _files_write(folder / "warm-up", corpus[:WARM_UP_FILES])
    paths = _files_write(folder / "files", corpus[WARM_UP_FILES:])
    size_mb = sum(p.stat().st_size for p in paths) / 1e6
    say(f"{len(paths)} files, {size_mb:.1f} MB, into an empty archive on {connection.vendor}")
    for path in warm:
        parse_file(path)
    import_path(paths=[folder / "warm-up"])
    started, cpu = time.perf_counter(), cpu_seconds()
    for path in paths:
        parse_file(path)
    parse_s, parse_cpu = time.perf_counter() - started, cpu_seconds() - cpu
    started, cpu = time.perf_counter(), cpu_seconds()
    # As `ficarchive import` does: works, metadata and filters current at the end; the story
    # text is indexed after, from the outbox (timed apart below).
    results = import_path(paths=[folder / "files"], text_later=True)
    import_s, import_cpu = time.perf_counter() - started, cpu_seconds() - cpu
    started, cpu = time.perf_counter(), cpu_seconds()
    waiting = index_pending_count()
    index_pending_drain()
    drain_s, drain_cpu = time.perf_counter() - started, cpu_seconds() - cpu
    failed = sum(r.status == "failed" for r in results)
    summary = {
        "files": len(paths),
        "database": connection.vendor,
        "megabytes": round(size_mb, 2),
        "parse_files_per_s": round(len(paths) / parse_s, 1),
        "import_files_per_s": round(len(paths) / import_s, 1),
        "ratio": round(parse_s / import_s, 3),
        "cpu_ratio": round(parse_cpu / import_cpu, 3),
        "failed": failed,
        "load_average": round(os.getloadavg()[0], 2),
        # The story text's index catching up after the import (works waiting, seconds), and
        # the ratios with it counted in.
        "text_index_waiting": waiting,
        "text_index_drain_s": round(drain_s, 3),
        "ratio_with_text_index": round(parse_s / (import_s + drain_s), 3),
        "cpu_ratio_with_text_index": round(parse_cpu / (import_cpu + drain_cpu), 3),
    }
    say(f"parse:  {summary['parse_files_per_s']:8.1f} files/s ({parse_s:.1f} s)")
    say(f"import: {summary['import_files_per_s']:8.1f} files/s ({import_s:.1f} s)")
    say(f"import/parse: {summary['ratio']:.3f} (target >= 0.333); {failed} failed")
    say(f"import/parse in CPU time: {summary['cpu_ratio']:.3f}")
    say(
        f"story text index caught up after the import: {waiting} works in {drain_s:.2f} s"
        f" (import/parse with it: {summary['ratio_with_text_index']:.3f},"
        f" CPU {summary['cpu_ratio_with_text_index']:.3f})"
    )
    print(json.dumps(summary) if args.json else json.dumps(summary, indent=2))
    return 0
