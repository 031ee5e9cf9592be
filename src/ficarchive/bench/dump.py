"""`ficarchive bench dump [--json] [--megabytes N]`: the rescue's MySQL dump reader beside a naive
baseline.

The dump is generated from a fixed seed: chapters with their text in the database (the bulk of
a real dump's bytes) and reviews (many small rows). The baseline reads the same file and splits
it into statements at `;\\n` (wrong for real dumps, where a quoted `;` may end a line, but it is
what the disk and Python's bytes operations allow). Times are CPU seconds of this process,
interleaved, best of three: other work on a shared machine skews neither side.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from ficarchive.bench.efiction_archive import WORDS
from ficarchive.bench.harness import arguments, interleaved, report
from ficarchive.rescue.dump.reader import InsertRows, read_dump


def dump_write(path: Path, megabytes: float, seed: int = 1) -> int:
    """Write a dump of about `megabytes` MB: most bytes chapter text, most rows reviews."""
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    with path.open("w", encoding="utf-8") as out:
        out.write("/*!40101 SET NAMES utf8 */;\n")
        chapter = review = 0
        while out.tell() < target:
            rows = []
            for _ in range(40):
                chapter += 1
                text = "\\n\\n".join(
                    " ".join(rng.choice(WORDS) for _ in range(90)).capitalize() + ". It\\'s late."
                    for _ in range(10)
                )
                rows.append(
                    f"({chapter},'Chapter {chapter}',1,'','<p>{text}</p>',NULL,'1',900,0,0,"
                    f"{chapter // 3},2,0)"
                )
            out.write("INSERT INTO `fanfiction_chapters` VALUES " + ",".join(rows) + ";\n")
            rows = []
            for _ in range(400):
                review += 1
                rows.append(
                    f"({review},{review % 997},0,'Reader {review % 50}',{review % 50},"
                    f"'Loved it, can\\'t wait!','2005-06-01 10:00:00',-1,'0','ST')"
                )
            out.write("INSERT INTO `fanfiction_reviews` VALUES " + ",".join(rows) + ";\n")
    return path.stat().st_size


def rows_read(path: Path) -> int:
    """Read the whole dump with the rescue's reader; how many rows it held."""
    count = 0
    with path.open("rb") as stream:
        for statement in read_dump(stream):
            if isinstance(statement, InsertRows):
                count += len(statement.rows)
    return count


def naive_split(path: Path) -> int:
    """The baseline: read the file and split it at `;\\n`."""
    return len(path.read_bytes().split(b";\n"))


def main(argv: list[str]) -> int:
    parser = arguments("dump", __doc__)
    parser.add_argument("--megabytes", type=float, default=50.0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sql"
        size = dump_write(path, args.megabytes)
        rows = rows_read(path)
        reader, naive = interleaved(
            lambda: rows_read(path), lambda: naive_split(path), rounds=3, clock=time.process_time
        )
    megabytes = size / 1e6
    figures = {
        "megabytes": round(megabytes, 1),
        "rows": rows,
        "reader_mb_per_cpu_s": round(megabytes / reader.best, 1),
        "naive_split_mb_per_cpu_s": round(megabytes / naive.best, 1),
    }
    lines = [
        f"dump reader: {figures['reader_mb_per_cpu_s']} MB per CPU second "
        f"({rows} rows of {figures['megabytes']} MB)",
        f"naive split at ';\\n': {figures['naive_split_mb_per_cpu_s']} MB per CPU second",
    ]
    report(figures, lines, as_json=args.json)
    return 0
