"""`ficarchive parse [--json] FILE...`: read legacy files offline and print what was read."""

from __future__ import annotations

import argparse
import json
import sys

from ficarchive.legacy.reader import parse_file


def main(argv: list[str]) -> int:
    """Parse each FILE; one JSON object (one file) or an array (several); exit 1 if any failed."""
    parser = argparse.ArgumentParser(prog="ficarchive parse", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print the JSON contract of DESIGN.md")
    parser.add_argument("files", nargs="+", metavar="FILE")
    args = parser.parse_args(argv)
    works = [parse_file(path) for path in args.files]
    if args.json:
        objects = [w.to_json() for w in works]
        payload = objects[0] if len(objects) == 1 else objects
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for work in works:
            print(
                f"{work.source}: {work.title!r} by {', '.join(work.authors) or '?'}, "
                f"{work.rating}, {work.word_count} words, {len(work.chapters)} chapter(s)"
            )
            for d in work.diagnostics:
                print(f"  {d.level}: line {d.line}: {d.message}")
    return 1 if any(w.failed for w in works) else 0
