"""`ficarchive bench parse [--json] [--megabytes N]`: parser throughput beside a naive baseline.

The corpus is generated in memory and written to a temporary folder (plain headers, LiveJournal posts, eFiction pages, archive text,
cp1252 files, songfics; every other file hard-wrapped at 72 columns, as mailing-list era text was).
Both the parser and the baseline (decode, split into lines, one label
regex per line) read the same bytes in the same run, so the ratio is fair on any machine; times
are CPU seconds of this process, file by file and interleaved, best of three passes, so that other
work on a shared machine skews neither side.
"""

from __future__ import annotations

import random
import re
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

from ficarchive.bench.harness import arguments, interleaved, report
from ficarchive.legacy.reader import parse_file

WORDS = [
    "the",
    "a",
    "and",
    "of",
    "to",
    "she",
    "he",
    "it",
    "was",
    "had",
    "her",
    "his",
    "that",
    "with",
    "for",
    "on",
    "not",
    "but",
    "at",
    "as",
    "they",
    "said",
    "watcher",
    "slayer",
    "kettle",
    "window",
    "rain",
    "night",
    "library",
    "stake",
    "coffee",
    "tea",
    "morning",
    "door",
    "quiet",
    "letters",
    "lantern",
    "garden",
    "river",
    "smiled",
    "looked",
    "turned",
    "walked",
    "thought",
    "remembered",
    "never",
    "again",
]
NAMES = ["Willow", "Xander", "Giles", "Buffy", "Spike", "Clara", "Mulder", "Scully", "Sam", "Jack"]
NAIVE_LABEL = re.compile(r"^\s*([A-Za-z' /]{1,30}):\s*(.*)$")
WRAP = re.compile(r"(.{1,72})(?:[ ]+|$)")


def _wrap(text: str) -> str:
    """Hard-wrap prose at 72 columns, as mailing-list era files (and many editors) did."""
    return "\n".join(
        WRAP.sub("\\1\n", line).rstrip("\n") if len(line) > 72 else line
        for line in text.split("\n")
    )


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
    words[0] = rng.choice(NAMES)
    return " ".join(words) + rng.choice([".", ".", "!", "?"])


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 7)))


def _verse(rng: random.Random) -> str:
    return "\n".join(
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 7))).capitalize() for _ in range(4)
    )


def _plain(rng: random.Random, n: int) -> bytes:
    header = (
        f"Title: Story {n} ({rng.randint(1, 3)}/3); Part {rng.randint(1, 9)} of the Bench Series\n"
        f"Author: Writer{n}\nPairing: {rng.choice(NAMES)}/{rng.choice(NAMES)}\nRating: {rng.choice(['PG', 'R', 'NC-17', 'G'])}\n"
        "Fandom: BtVS\nDistribution: Anywhere, just ask.\nFeedback: Yes please.\n"
        "Summary: A story generated for the benchmark.\n\n"
    )
    parts = []
    for i in range(rng.randint(30, 160)):
        parts.append(_verse(rng) if i % 17 == 5 else ("* * *" if i % 11 == 10 else _paragraph(rng)))
    return (header + "\n\n".join(parts) + "\n").encode("utf-8")


def _livejournal(rng: random.Random, n: int) -> bytes:
    header = (
        f'<b>Title:</b> Post {n}<br />\n<b>Author:</b> <lj user="writer{n}"><br />\n'
        f"<b>Pairing:</b> Giles/Buffy<br />\n<b>Rating:</b> R<br />\n<lj-cut>\n"
    )
    body = "\n".join(f"<p>{_paragraph(rng)}</p>" for _ in range(rng.randint(30, 160)))
    return (header + body + "\n</lj-cut>\n").encode("utf-8")


def _efiction(rng: random.Random, n: int) -> bytes:
    page = (
        f'<html><body><div id="pagetitle"><a href="#">Tale {n}</a> by <a href="#">Author{n}</a></div>\n'
        '<div class="infobox"><div class="content"><span class="label">Summary: </span> Generated.<br />\n'
        '<span class="label">Rating:</span> PG-13<br />\n<span class="label">Categories:</span> Doctor Who '
        '<span class="label">Characters: </span> Clara, Twelve<br />\n'
        '<span class="label">Chapters: </span> 1 <span class="label">Completed:</span> Yes</div></div>\n'
        "<div class='chapter'>"
    )
    body = "".join(f"<p>{_paragraph(rng)}</p>\n" for _ in range(rng.randint(30, 160)))
    return (
        page + body + '</div><div id="copyright">Disclaimer: Not mine.</div></body></html>'
    ).encode("utf-8")


def _archive_text(rng: random.Random, n: int) -> bytes:
    header = (
        f"Tale {n}\nby Author{n} <a{n}@example.com>\n\nRated: 15\n\nSummary: Generated.\n\n"
        + "-" * 60
        + "\n\n"
    )
    body = "\n\n".join(_paragraph(rng) for _ in range(rng.randint(30, 160)))
    return (header + body + "\n").encode("cp1252", errors="replace")


def generate_corpus(megabytes: float, seed: int = 1) -> list[bytes]:
    """Story files of the four layouts, about `megabytes` MB in all; every other one hard-wrapped."""
    rng = random.Random(seed)
    makers = [_plain, _livejournal, _efiction, _archive_text]
    corpus: list[bytes] = []
    total = 0
    n = 0
    while total < megabytes * 1_000_000:
        data = makers[n % len(makers)](rng, n)
        if (n // len(makers)) % 2:
            data = _wrap(
                data.decode("cp1252" if makers[n % len(makers)] is _archive_text else "utf-8")
            ).encode(
                "cp1252" if makers[n % len(makers)] is _archive_text else "utf-8", errors="replace"
            )
        corpus.append(data)
        total += len(data)
        n += 1
    return corpus


def naive_baseline(path: Path) -> int:
    """The baseline: read, decode, split into lines, one label regex per line; returns labels."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    found = 0
    for line in text.splitlines():
        if NAIVE_LABEL.match(line):
            found += 1
    return found


def measure(paths: list[Path], passes: int = 3) -> tuple[float, float]:
    """CPU seconds (parser, baseline) over the corpus, best pass of each.

    The two are interleaved file by file, in alternating order, so that both see the same machine
    (other jobs, caches); CPU time of this process is counted, not wall time.
    """
    best_parser = best_baseline = float("inf")
    for _ in range(passes):
        parser_s = baseline_s = 0.0
        for i, path in enumerate(paths):
            parser, baseline = interleaved(
                partial(parse_file, path),
                partial(naive_baseline, path),
                rounds=1,
                first_round=i + 1,  # the baseline first on even files
                clock=time.process_time,
            )
            parser_s += parser.seconds[0]
            baseline_s += baseline.seconds[0]
        best_parser = min(best_parser, parser_s)
        best_baseline = min(best_baseline, baseline_s)
    return best_parser, best_baseline


def corpus_write(corpus: list[bytes], folder: Path) -> list[Path]:
    """The corpus as files in `folder` (.html for markup, .txt otherwise)."""
    paths = []
    for i, data in enumerate(corpus):
        suffix = "html" if data.lstrip().startswith(b"<") else "txt"
        path = folder / f"story-{i:05d}.{suffix}"
        path.write_bytes(data)
        paths.append(path)
    return paths


def figures_of(files: int, size_mb: float, parser_s: float, baseline_s: float) -> dict[str, Any]:
    """The JSON figures: both throughputs and their ratio."""
    return {
        "benchmark": "parse",
        "files": files,
        "megabytes": round(size_mb, 2),
        "parser_seconds": round(parser_s, 3),
        "baseline_seconds": round(baseline_s, 3),
        "parser_mb_per_s": round(size_mb / parser_s, 2),
        "baseline_mb_per_s": round(size_mb / baseline_s, 2),
        "ratio": round(baseline_s / parser_s, 4),
        "target_ratio": 0.1,
    }


def main(argv: list[str]) -> int:
    """Run the benchmark and print MB/s for the parser and the baseline, and their ratio."""
    parser = arguments("parse", __doc__)
    parser.add_argument("--megabytes", type=float, default=20.0, help="corpus size (default 20)")
    parser.add_argument("--passes", type=int, default=3, help="passes; the best counts (default 3)")
    args = parser.parse_args(argv)
    corpus = generate_corpus(args.megabytes)
    with tempfile.TemporaryDirectory(prefix="ficarchive-bench-") as folder:
        paths = corpus_write(corpus, Path(folder))
        for path in paths[:8]:  # warm up: knowledge base, label tables, compiled patterns
            parse_file(path)
        parser_s, baseline_s = measure(paths, passes=args.passes)
    figures = figures_of(len(corpus), sum(map(len, corpus)) / 1_000_000, parser_s, baseline_s)
    lines = [
        f"corpus: {figures['files']} files, {figures['megabytes']} MB (generated, read from a temp folder)",
        f"parser:   {figures['parser_mb_per_s']:8.2f} MB/s ({figures['parser_seconds']} s)",
        f"baseline: {figures['baseline_mb_per_s']:8.2f} MB/s ({figures['baseline_seconds']} s)",
        f"ratio parser/baseline: {figures['ratio']:.3f} (target >= 0.1)",
    ]
    report(figures, lines, as_json=args.json)
    return 0
