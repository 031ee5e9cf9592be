"""Hostile markdown and front matter: each shape is read in well under a second (issue 12).

The shapes are the ones that make careless patterns super-linear: long runs of one markup
character, brackets and backticks that never close, spaces after a heading mark, quotes that
never end, lists and keys by the thousand. Time is this process's CPU time (other work on a
shared machine does not count), and only as a ceiling: `ficarchive bench parse` compares speed.
"""

from __future__ import annotations

import time

import pytest

from ficarchive.legacy import parse_bytes

N = 200_000


def read_in_time(data: bytes, filename: str):
    """The file's reading, after checking that it took under a second of CPU and found a story."""
    start = time.process_time()
    work = parse_bytes(data, filename)
    elapsed = time.process_time() - start
    assert work.blocks, filename
    assert elapsed < 1.0, elapsed
    return work


SHAPES = {
    "emphasis run": "a" + "*" * N + "b",
    "underscores": "_a" * N,
    "open brackets": "[" * N,
    "bracket pairs": "[a]" * N,
    "image openers": "![" * N,
    "link openers": "[x](" * N,
    "backticks": "`" * N + "x",
    "backtick pairs": "`a" * N,
    "heading spaces": "#" + " " * N + "x",
    "closing hashes": "# a" + " #" * N + "x",
    "tag openers": "<a " * N,
    "escapes": "\\*" * N,
    "rules": "* " * N + "x",
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_markdown_shape_is_read_in_time(shape: str) -> None:
    """A story file made of one hostile markdown line is read, linearly, in under a second."""
    data = ("Story opening line.\n\n" + SHAPES[shape] + "\n").encode()
    read_in_time(data, "story.md")


@pytest.mark.parametrize(
    "matter",
    [
        "notes: '" + "a''" * 20_000 + "\n",
        'notes: "' + "\\u00e9\\" * 10_000 + "\n",
        "tags: [" + "'a', " * 10_000 + "]\n",
        "tags: [" + "'" * 60_000 + "]\n",
        "tags:\n" + "- x\n" * 10_000,
        "".join(f"k{i}: v\n" for i in range(1_900)),
        "summary: " + " " * 60_000 + "x\n",
    ],
    ids=["quotes", "escapes", "flow list", "flow quotes", "block list", "many keys", "spaces"],
)
def test_front_matter_shape_is_read_in_time(matter: str) -> None:
    """Hostile front matter is read, or set aside, in under a second; the story is still read."""
    data = ("---\ntitle: Odd\n" + matter + "---\n\nThe story itself.\n").encode()
    read_in_time(data, "story.md")


LATEX_SHAPES = {
    "open braces": "{" * N,
    "commands": "\\emph{" * N,
    "backslashes": "\\" * N,
    "optional args": "\\x[" * N,
    "comments": "%" * N,
    "accents": "\\'" * N,
}


@pytest.mark.parametrize("shape", sorted(LATEX_SHAPES))
def test_latex_shape_is_read_in_time(shape: str) -> None:
    """A LaTeX chapter with one hostile paragraph is read in under a second."""
    data = ("\\chapter{Odd}\n\nStory opening line.\n\n" + LATEX_SHAPES[shape] + "\n").encode()
    read_in_time(data, "chapter-001.tex")


@pytest.mark.parametrize("line", ["Q<" * N + ">" * N, "L<" * N + "a|b" + ">" * N, "I<x" * N])
def test_perl_page_markup_is_read_in_time(line: str) -> None:
    """A Perl page's data with deeply nested or unclosed wrappers is read in under a second."""
    data = "#!/usr/bin/perl\nuse strict;\npage('heading' => 'Odd');\n__DATA__\n2 Odd\n" + line
    read_in_time(data.encode(), "page.pl")


@pytest.mark.parametrize(
    "matter",
    [
        'notes = """' + "x\n" * 1_900,
        "tags = [" + '"a", ' * 10_000 + "]\n",
        'k = "' + "\\" * 60_000 + '"\n',
    ],
    ids=["open triple quote", "long array", "backslashes"],
)
def test_toml_front_matter_is_read_in_time(matter: str) -> None:
    """Hostile TOML front matter is read, or set aside, in under a second."""
    data = ('+++\ntitle = "Odd"\n' + matter + "+++\n\nThe story itself.\n").encode()
    read_in_time(data, "story.md")
