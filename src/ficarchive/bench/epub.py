"""`ficarchive bench epub`: time to build the EPUB of a long work beside a naive baseline.

The work (default 100,000 words in 30 chapters of paragraphs, verse, scene breaks and headings)
is generated in memory and stored as the works services store chapter HTML. Timed, each round:

- epub: every chapter re-sanitized and turned into XHTML, then the whole EPUB written
  (title page, nav, NCX, package document, chapter pages) into memory;
- baseline: the same chapter HTML written as files into a deflated zip, nothing else.

The database read is left out of both: the figure is the writer's cost. With `--json` the last
line is one JSON object.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import subprocess
import sys
import tempfile
import zipfile
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from ficarchive.bench.harness import Samples, arguments, django_setup, interleaved, report

WORDS = [
    "the",
    "harbour",
    "lamp",
    "tide",
    "night",
    "keeper",
    "rain",
    "quay",
    "boat",
    "shore",
    "light",
    "wind",
    "salt",
    "rope",
    "bell",
    "stone",
    "water",
    "door",
    "window",
    "morning",
    "evening",
    "silence",
    "voice",
    "hand",
    "river",
    "road",
    "sea",
    "gull",
    "cloud",
    "lantern",
    "she",
    "he",
    "they",
    "said",
    "waited",
    "watched",
    "turned",
    "walked",
    "listened",
    "remembered",
    "whispered",
    "laughed",
    "slowly",
    "quietly",
    "again",
    "never",
    "always",
    "almost",
    "before",
    "after",
    "under",
    "over",
    "through",
    "between",
    "a",
    "an",
    "and",
    "but",
    "or",
    "so",
    "if",
    "when",
    "while",
    "because",
    "although",
    "until",
    "since",
    "of",
    "to",
    "in",
    "on",
    "at",
    "by",
    "with",
]


def chapter_html(rng: random.Random, words: int, number: int) -> str:
    """Stored chapter HTML of about `words` words, made as imports make it (blocks → HTML)."""
    from ficarchive.legacy.model import Block
    from ficarchive.works.services.body_html import blocks_to_html

    blocks = [Block("heading", f"Part {number}")]
    written = 0
    while written < words:
        roll = rng.random()
        if roll < 0.06:
            lines = [" ".join(rng.choices(WORDS, k=rng.randint(4, 8))) for _ in range(4)]
            blocks.append(Block("verse", "\n".join(lines)))
            written += sum(len(line.split()) for line in lines)
        elif roll < 0.08:
            blocks.append(Block("break"))
        else:
            count = min(rng.randint(30, 140), max(1, words - written))
            sentence = " ".join(rng.choices(WORDS, k=count))
            blocks.append(Block("paragraph", sentence.capitalize() + '. "Wait," & <go>.'))
            written += count + 3
    return blocks_to_html(blocks)


def collection_build(chapters_html: list[str]):
    """The export of a work with these chapter bodies, through the same conversion as downloads."""
    from ficarchive.exports.book import Book, ChapterText, Collection
    from ficarchive.exports.xhtml import fragment_to_xhtml, rich_text_to_xhtml

    moment = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    book = Book(
        work_id=1,
        identifier="urn:uuid:00000000-0000-4000-8000-000000000001",
        title="The Long Tide",
        authors=["Bench Author"],
        language="en",
        modified=moment,
        published=moment,
        updated=moment,
        tags={"rating": ["Teen And Up Audiences"], "fandom": ["Harbour Town"]},
        meta_rows=[("Rating", "Teen And Up Audiences"), ("Fandoms", "Harbour Town")],
        summary_xhtml=rich_text_to_xhtml("A long night on the quay."),
        notes_xhtml="",
        end_notes_xhtml=rich_text_to_xhtml("Thanks for reading."),
        extra_sections=[],
        chapters=[
            ChapterText(
                number=index,
                title=f"Chapter {index}",
                summary_xhtml="",
                notes_xhtml="",
                body_xhtml=fragment_to_xhtml(html),
                end_notes_xhtml="",
            )
            for index, html in enumerate(chapters_html, 1)
        ],
    )
    return Collection(
        identifier=book.identifier,
        title=book.title,
        authors=book.authors,
        language="en",
        modified=moment,
        books=[book],
        subjects=book.subjects,
    )


def build_epub(chapters_html: list[str]) -> bytes:
    from ficarchive.exports.epub import epub_write

    out = io.BytesIO()
    epub_write(collection_build(chapters_html), out)
    return out.getvalue()


def build_baseline(chapters_html: list[str]) -> bytes:
    """The naive baseline: the chapter texts, as they are, into a deflated zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, html in enumerate(chapters_html, 1):
            archive.writestr(f"chapter-{index:03d}.html", html)
    return out.getvalue()


def rounds_time(args: argparse.Namespace) -> tuple[Samples, Samples, list[str]]:
    """Both sides timed on `args.works` generated works, rounds interleaved; the last chapters."""
    epub, baseline = Samples(), Samples()
    chapters: list[str] = []
    for seed in range(args.works):
        rng = random.Random(seed)
        per_chapter = args.words // args.chapters
        chapters = [chapter_html(rng, per_chapter, n) for n in range(1, args.chapters + 1)]
        build_epub(chapters)  # warm the template cache and imports before timing
        build_baseline(chapters)
        work_epub, work_baseline = interleaved(
            partial(build_epub, chapters), partial(build_baseline, chapters), rounds=args.repeat
        )
        epub.seconds += work_epub.seconds
        baseline.seconds += work_baseline.seconds
    return epub, baseline, chapters


def figures_of(
    args: argparse.Namespace, epub: Samples, baseline: Samples, chapters: list[str]
) -> dict[str, Any]:
    """The JSON figures: medians and fastest rounds of both sides, their ratios, the sizes."""
    return {
        "benchmark": "epub",
        "words": args.words,
        "chapters": args.chapters,
        "works": args.works,
        "rounds": len(epub.seconds),
        "chapter_html_chars": sum(len(c) for c in chapters),
        "epub_ms_median": round(epub.median * 1000, 2),
        "epub_ms_min": round(epub.best * 1000, 2),
        "baseline_ms_median": round(baseline.median * 1000, 2),
        "baseline_ms_min": round(baseline.best * 1000, 2),
        "ratio_median": round(epub.median / baseline.median, 2),
        # The fastest rounds are the least disturbed by other work on a shared machine.
        "ratio_min": round(epub.best / baseline.best, 2),
        "epub_bytes": len(build_epub(chapters)),
        "baseline_bytes": len(build_baseline(chapters)),
        "words_per_second": round(args.words / epub.median),
        "target_ratio": 2.0,
    }


def lines_of(figures: dict[str, Any]) -> list[str]:
    """The figures as a person reads them."""
    lines = [
        f"EPUB of {figures['words']:,} words in {figures['chapters']} chapters"
        f" ({figures['chapter_html_chars']:,} chars of HTML)",
        f"  epub      median {figures['epub_ms_median']:8.2f} ms   min {figures['epub_ms_min']:8.2f} ms"
        f"   {figures['epub_bytes']:,} bytes",
        f"  baseline  median {figures['baseline_ms_median']:8.2f} ms   min {figures['baseline_ms_min']:8.2f} ms"
        f"   {figures['baseline_bytes']:,} bytes",
        f"  ratio     median {figures['ratio_median']:.2f}x   fastest rounds {figures['ratio_min']:.2f}x"
        f"   (target under {figures['target_ratio']:.0f}x)",
    ]
    if "epubcheck" in figures:
        lines.append(f"  epubcheck: {figures['epubcheck']}")
    return lines


def main(argv: list[str]) -> int:
    """Run the benchmark; print figures (and one JSON object last with --json)."""
    parser = arguments("epub", __doc__)
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--chapters", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=7, help="timed rounds of each (median kept)")
    parser.add_argument("--works", type=int, default=1, help="different works to build")
    parser.add_argument("--epubcheck", action="store_true", help="also validate one EPUB")
    args = parser.parse_args(argv)
    django_setup(prefix="epub", migrate=False)
    epub, baseline, chapters = rounds_time(args)
    figures = figures_of(args, epub, baseline, chapters)
    if args.epubcheck:
        figures["epubcheck"] = _epubcheck(build_epub(chapters))
    report(figures, lines_of(figures), as_json=args.json)
    return 0


def _epubcheck(data: bytes) -> str:
    """'valid' or epubcheck's complaint count, from the real epubcheck."""
    jar = Path("/usr/share/java/epubcheck.jar")
    if not jar.exists():
        return "epubcheck not installed"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.epub"
        verdict = Path(folder) / "report.json"
        path.write_bytes(data)
        subprocess.run(
            ["java", "-jar", str(jar), str(path), "--json", str(verdict)],
            capture_output=True,
            timeout=600,
        )
        checker = json.loads(verdict.read_text())["checker"]
    problems = checker["nFatal"] + checker["nError"] + checker["nWarning"]
    return "valid" if problems == 0 else f"{problems} errors/warnings"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
