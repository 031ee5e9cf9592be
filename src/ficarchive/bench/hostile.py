"""`ficarchive bench hostile [--json] [--scale F]`: reading time against input size for each
hostile shape (issue 12), to show that it grows linearly.

Each shape is read at four sizes, each twice the last. For time linear in the input the last
time is about 8 times the first (`growth`); time growing with the square would make it 64. The
shapes are the ones that once took minutes: a label line of spaces, long pairing and tag lists,
stacked "Re:" subjects, deeply nested or attribute-laden HTML, and markup runs in markdown,
front matter and LaTeX. Times are CPU seconds of this process, best of three.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ficarchive.bench.harness import arguments, report
from ficarchive.legacy.reader import parse_bytes

# shape name -> (file name, function of n giving the file's text)
SHAPES: dict[str, tuple[str, Callable[[int], str]]] = {
    "label line of spaces": ("story.txt", lambda n: "Title:" + " " * n + "x\n\nStory.\n"),
    "pairing names": (
        "story.txt",
        lambda n: "Title: T\nPairing: " + "/".join(f"N{i}" for i in range(n // 8)) + "\n\nStory.\n",
    ),
    "tags": (
        "story.txt",
        lambda n: "Title: T\nTags: " + ", ".join(["tag"] * (n // 5)) + "\n\nStory.\n",
    ),
    "re: subjects": ("story.txt", lambda n: "Subject: " + "Re: " * (n // 4) + "T\n\nStory.\n"),
    "nested divs": (
        "page.html",
        lambda n: "<p>Story.</p>" + "<div>" * (n // 11) + "x" + "</div>" * (n // 11),
    ),
    "html attributes": (
        "page.html",
        lambda n: "<p " + " ".join(f"a{i}=x" for i in range(n // 8)) + ">Story.</p>",
    ),
    "markdown emphasis": ("story.md", lambda n: "Story.\n\na" + "*" * n + "b\n"),
    "markdown brackets": ("story.md", lambda n: "Story.\n\n" + "[" * n + "\n"),
    "front matter quotes": (
        "story.md",
        lambda n: "---\nnotes: '" + "a''" * min(n // 3, 20_000) + "\n---\n\nStory.\n",
    ),
    "latex braces": ("chapter.tex", lambda n: "\\chapter{T}\n\nStory.\n\n" + "\\emph{" * (n // 6)),
}
BASE = 50_000


def time_shape(filename: str, make: Callable[[int], str], n: int, passes: int = 3) -> float:
    """Best-of CPU seconds to read the shape's file at size `n`."""
    data = make(n).encode("utf-8")
    best = float("inf")
    for _ in range(passes):
        start = time.process_time()
        parse_bytes(data, filename)
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str]) -> int:
    """Print, per shape, the time at four doubling sizes and the growth from first to last."""
    parser = arguments("hostile", __doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the sizes (default 1)")
    args = parser.parse_args(argv)
    sizes = [int(BASE * args.scale) * 2**k for k in range(4)]
    shapes = {}
    lines = [f"{'shape':24} " + " ".join(f"{n:>10,}" for n in sizes) + "   growth (8 = linear)"]
    for name, (filename, make) in SHAPES.items():
        times = [time_shape(filename, make, n) for n in sizes]
        growth = times[-1] / times[0] if times[0] > 0 else 0.0
        shapes[name] = {
            "sizes": sizes,
            "seconds": [round(t, 4) for t in times],
            "growth": round(growth, 2),
        }
        lines.append(f"{name:24} " + " ".join(f"{t:10.4f}" for t in times) + f"   {growth:6.1f}")
    report({"benchmark": "hostile", "shapes": shapes}, lines, as_json=args.json)
    return 0
