"""`ficarchive bench rescue [--stories N] [--chapters N] [--json]`: rescue a generated eFiction
archive and import the same stories as files, on this machine, and compare.

The archive (default 10,000 stories, 30,000 chapters) is written by `efiction_archive` from a
fixed seed. Each side runs as its own `ficarchive` command in a fresh data folder on SQLite,
migrated before the clock starts:

- rescue: `ficarchive rescue ARCHIVE --json` (its progress bar on this terminal);
- baseline: `ficarchive import FILES --json`, the same public stories as legacy text files.

Reported: wall seconds and CPU seconds (the command's own processes) for each, works per
second, and rescue ÷ import for both. The machine's load average is printed beside the
figures: on a busy machine the wall times stretch, the CPU times much less. With `--json` the
last line is one JSON object.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ficarchive.bench.efiction_archive import efiction_archive_write
from ficarchive.bench.harness import arguments, report


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _command(data: Path, *args: str, stderr=None) -> tuple[float, float, str]:
    """Run `ficarchive ARGS` with FICARCHIVE_DATA=data; (wall seconds, CPU seconds, stdout)."""
    env = dict(os.environ, FICARCHIVE_DATA=str(data))
    env.pop("DATABASE_URL", None)
    cpu = _cpu_of_children()
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "ficarchive", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise RuntimeError(f"ficarchive {args[0]} exited {done.returncode}")
    return seconds, _cpu_of_children() - cpu, done.stdout


def _last_json(text: str):
    lines = [line for line in text.splitlines() if line.strip()]
    return json.loads(lines[-1]) if lines else None


def main(argv: list[str]) -> int:
    parser = arguments("rescue", __doc__)
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--chapters", type=int, default=30_000)
    parser.add_argument("--words", type=int, default=600, help="mean words per chapter")
    parser.add_argument(
        "--keep", metavar="DIR", help="work in DIR and keep it (default: a temp dir)"
    )
    args = parser.parse_args(argv)

    root = (
        Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="ficarchive-bench-rescue-"))
    )
    root.mkdir(parents=True, exist_ok=True)
    try:
        figures = _run(root, args)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    lines = [
        f"archive: {figures['stories']} stories ({figures['public_stories']} public), "
        f"{figures['chapters']} chapters, dump {figures['dump_mb']} MB, text {figures['text_mb']} MB",
        f"rescue : {figures['rescue_seconds']:8.1f} s  {figures['rescue_works_per_second']:7.1f} works/s"
        f"  ({figures['rescue_counts'].get('created', 0)} created)",
        f"import : {figures['import_seconds']:8.1f} s  {figures['import_works_per_second']:7.1f} works/s"
        f"  ({figures['import_created']} created)   <- baseline, same stories as files",
        f"ratio  : rescue takes {figures['ratio']:.2f}x the time of import"
        f" ({figures['cpu_ratio']:.2f}x its CPU time: {figures['rescue_cpu_seconds']:.0f} s"
        f" against {figures['import_cpu_seconds']:.0f} s)",
        f"machine: {figures['cpus']} CPUs, load average {figures['load_before']} before, "
        f"{figures['load_after']} after (other work on the machine slows both sides)",
    ]
    report(figures, lines, as_json=args.json)
    return 0


def _run(root: Path, args) -> dict:
    load_before = [round(x, 1) for x in os.getloadavg()]
    started = time.perf_counter()
    archive = efiction_archive_write(
        root / "archive",
        stories=args.stories,
        chapters=args.chapters,
        words_per_chapter=args.words,
    )
    generate_seconds = time.perf_counter() - started

    rescue_data, import_data = root / "data-rescue", root / "data-import"
    for data in (rescue_data, import_data):
        shutil.rmtree(data, ignore_errors=True)
        _command(data, "migrate", "--noinput")

    rescue_seconds, rescue_cpu, out = _command(
        rescue_data, "rescue", str(archive.efiction), "--json", "--slug", "bench", stderr=None
    )
    report = _last_json(out) or {}
    import_seconds, import_cpu, out = _command(
        import_data, "import", str(archive.files), "--json", stderr=subprocess.DEVNULL
    )
    imported = _last_json(out) or []
    imported = imported if isinstance(imported, list) else [imported]
    works = archive.public_stories
    return {
        "benchmark": "rescue",
        "stories": archive.stories,
        "public_stories": works,
        "chapters": archive.chapters,
        "authors": archive.authors,
        "series": archive.series,
        "reviews": archive.reviews,
        "dump_mb": round(archive.dump_bytes / 1e6, 1),
        "text_mb": round(archive.text_bytes / 1e6, 1),
        "generate_seconds": round(generate_seconds, 1),
        "rescue_seconds": round(rescue_seconds, 2),
        "import_seconds": round(import_seconds, 2),
        "rescue_works_per_second": round(works / rescue_seconds, 1),
        "import_works_per_second": round(works / import_seconds, 1),
        "ratio": round(rescue_seconds / import_seconds, 3),
        "rescue_cpu_seconds": round(rescue_cpu, 2),
        "import_cpu_seconds": round(import_cpu, 2),
        "cpu_ratio": round(rescue_cpu / import_cpu, 3),
        "rescue_counts": report.get("counts", {}),
        "import_created": sum(1 for r in imported if r.get("status") == "created"),
        "database": "sqlite",
        "cpus": os.cpu_count(),
        "load_before": load_before,
        "load_after": [round(x, 1) for x in os.getloadavg()],
    }
