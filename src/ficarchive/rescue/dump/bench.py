"""`ficarchive bench dump`: how fast the dump reader reads a generated eFiction dump.

The dump is made here, from a fixed seed: chapters with their text in the database (the bulk
of a real dump's bytes) and reviews (many small rows). Beside the reader's figure, a naive
baseline in the same process: reading the file and splitting it into statements at `;\\n`,
which is wrong for real dumps (a quoted `;` at a line end) but says what the disk and Python's
bytes operations allow.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from ficarchive.rescue.dump.reader import InsertRows, read_dump

WORDS = "lamp harbour tide keeper rain quay boat shore light wind salt rope bell stone".split()


def dump_write(path: Path, megabytes: float, seed: int = 1) -> int:
    """Write a dump of about `megabytes` MB: 90 % chapter text, 10 % review rows."""
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
                    f"({chapter},'Chapter {chapter}',1,'','<p>{text}</p>',NULL,'1',900,0,0,{chapter // 3},2,0)"
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


def reader_seconds(path: Path) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, rows) for reading the whole dump."""
    wall, cpu, rows = time.perf_counter(), time.process_time(), 0
    with path.open("rb") as stream:
        for statement in read_dump(stream):
            if isinstance(statement, InsertRows):
                rows += len(statement.rows)
    return time.perf_counter() - wall, time.process_time() - cpu, rows


def naive_seconds(path: Path) -> tuple[float, float]:
    """The baseline: read and split at `;\\n` (wall and CPU seconds)."""
    wall, cpu = time.perf_counter(), time.process_time()
    count = len(path.read_bytes().split(b";\n"))
    assert count > 0
    return time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="ficarchive bench dump", description=__doc__)
    parser.add_argument("--megabytes", type=float, default=50.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sql"
        size = dump_write(path, args.megabytes)
        wall, cpu, rows = reader_seconds(path)
        naive_wall, naive_cpu = naive_seconds(path)
    figures = {
        "megabytes": round(size / 1e6, 1),
        "rows": rows,
        "reader_mb_per_s": round(size / 1e6 / wall, 1),
        "reader_mb_per_cpu_s": round(size / 1e6 / cpu, 1),
        "naive_split_mb_per_s": round(size / 1e6 / naive_wall, 1),
        "naive_split_mb_per_cpu_s": round(size / 1e6 / naive_cpu, 1),
    }
    print(
        f"dump reader: {figures['reader_mb_per_s']} MB/s ({figures['reader_mb_per_cpu_s']} MB per "
        f"CPU second), {rows} rows of {figures['megabytes']} MB; naive split at ';\\n': "
        f"{figures['naive_split_mb_per_s']} MB/s ({figures['naive_split_mb_per_cpu_s']} per CPU s)"
    )
    if args.json:
        print(json.dumps(figures))
    return 0
