"""Hostile shapes for the legacy reader (issue 12): each, at ten times the size that once took
tens of seconds, is read, or refused with a clear error, in under a second of CPU time (the
process's own time, which other work on a loaded machine does not inflate as it does wall time)."""

from __future__ import annotations

import time

import pytest

from ficarchive.legacy import parse_bytes
from ficarchive.legacy.reader import STEPS, Reading, _read

LIMIT_SECONDS = 1.0  # CPU seconds of this process


def _spaces_line() -> bytes:
    return b"Title: Plain\n" + b" " * 200_000 + b"x\n\nThe story begins here.\n"


def _tabs_in_label() -> bytes:
    return b"Title" + b"\t" * 200_000 + b": Plain\n\nThe story begins here.\n"


def _pairing() -> bytes:
    names = b", ".join(b"Ann%d/Bo%d" % (i, i) for i in range(1_000_000))
    return b"Title: Many\nPairing: " + names + b"\n\nThe story begins here.\n"


def _tags() -> bytes:
    tags = b", ".join(b"tag%d" % i for i in range(400_000))
    return b"Title: Many\nTags: " + tags + b"\n\nThe story begins here.\n"


def _re_subject() -> bytes:
    return b"From: a@example.org\nSubject: " + b"Re: " * 100_000 + b"Hello\n\nThe story.\n"


def _re_subject_label() -> bytes:
    return b"Title: Plain\nSubject: " + b"Re: " * 100_000 + b"Hello\n\nThe story.\n"


def _byline_spaces() -> bytes:
    return b"A Title" + b" " * 200_000 + b"by\n\nThe story begins here.\n"


def _many_headers() -> bytes:
    block = b"From: a@example.org\nSubject: Part\nPath: x!y\n\nA line of story.\n\n"
    return block * 5_000


def _framed_lines() -> bytes:
    return b"Title: Box\n\n" + b"*   a line inside a frame   *\n" * 50_000


def _rtf_nesting() -> bytes:
    return b"{\\rtf1\\ansi " + b"{\\*\\x " * 200_000 + b"text" + b"}" * 200_001


def _rtf_control_words() -> bytes:
    return b"{\\rtf1\\ansi Title: Many\\par\\par " + b"\\b\\i\\u8212?\\'e9 " * 80_000 + b"}"


def _space_column_label() -> bytes:
    return b"TITLE" + b" " * 200_000 + b"x\n\nThe story begins here.\n"


def _dot_leaders() -> bytes:
    return b"TITLE" + b"." * 200_000 + b": x\n\nThe story begins here.\n"


def _labels_after_long_story() -> bytes:
    story = b"A line of the story that is long enough to count as its prose.\n" * 200_000
    return story + b"\nTitle: Late\nAuthor: Ann\nRating: G\n"


def _contents_lines() -> bytes:
    return b"Contents\n" + b"Chapter 1: A\n" * 100_000 + b"Chapter 2: B\nText.\n"


SHAPES = {
    "framed_lines": _framed_lines,
    "rtf_nesting": _rtf_nesting,
    "rtf_control_words": _rtf_control_words,
    "space_column_label": _space_column_label,
    "dot_leaders": _dot_leaders,
    "labels_after_long_story": _labels_after_long_story,
    "contents_lines": _contents_lines,
    "spaces_line": _spaces_line,
    "tabs_in_label": _tabs_in_label,
    "pairing_million_names": _pairing,
    "tags_400k": _tags,
    "re_subject_envelope": _re_subject,
    "re_subject_label": _re_subject_label,
    "byline_spaces": _byline_spaces,
    "many_posts": _many_headers,
}


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """Compile the knowledge base and its patterns once, outside the timed reads."""
    parse_bytes(b"Title: Warm\nPairing: Mulder/Scully\n\nText.\n", "warm.txt")


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_shape_is_read_or_refused_in_time(shape: str) -> None:
    """The shape is read or refused with an error diagnostic within the limit."""
    data = SHAPES[shape]()
    started = time.process_time()
    work = parse_bytes(data, f"{shape}.txt")
    elapsed = time.process_time() - started
    assert elapsed < LIMIT_SECONDS, f"{shape}: {elapsed:.2f} CPU s"
    assert work.blocks or work.failed
    assert all(d.message for d in work.diagnostics)


def test_pairing_and_tag_lists_are_capped() -> None:
    """A header list holds at most a few hundred items, however long the value."""
    work = parse_bytes(_pairing(), "pairing.txt")
    assert 0 < len(work.relationships) <= 200
    assert len(parse_bytes(_tags(), "tags.txt").freeform) <= 200


def test_time_budget_reports_a_failure() -> None:
    """A file whose reading outlasts the budget is failed with a clear reason."""
    work = parse_bytes(b"Title: Slow\n\nText.\n", "slow.txt", budget=-1.0)
    assert work.failed
    assert any("longer than" in d.message for d in work.diagnostics if d.level == "error")


def test_steps_are_named_in_order() -> None:
    """The reader is a pipeline of named steps, decoding first and details last."""
    names = [name for name, _ in STEPS]
    assert names[0] == "decode"
    assert names[-1] == "details"
    assert len(names) == len(set(names))
    reading = Reading(parse_bytes(b"", "empty.txt"), b"")
    _read(reading, 5.0)
    assert reading.work.failed


# Shapes that cost their length squared in one pattern (a run tried again from each of its
# characters), each at a size that took ten seconds or more before: (file name, bytes).
QUADRATIC_SHAPES = {
    "title_open_brackets": ("s.md", b"Title: " + b"(" * 20_000 + b"x\nAuthor: A\n\nA story.\n"),
    "title_commas": ("s.md", b"Title: " + b"," * 80_000 + b"x\nAuthor: A\n\nA story.\n"),
    "bold_lines": ("s.txt", b"Title: T\n\nStory line.\n\n" + b"<b>\n" * 20_000),
    "address_without_domain": ("s.md", b"From: " + b"a" * 80_000 + b"@\n\nA story.\n"),
}


@pytest.mark.parametrize("shape", sorted(QUADRATIC_SHAPES))
def test_quadratic_shape_is_read_in_time(shape: str) -> None:
    """A long run inside a title, a byline or bold markup is read within the limit."""
    filename, data = QUADRATIC_SHAPES[shape]
    started = time.process_time()
    work = parse_bytes(data, filename)
    elapsed = time.process_time() - started
    assert elapsed < LIMIT_SECONDS, f"{shape}: {elapsed:.2f} CPU s"
    assert all(d.message for d in work.diagnostics)


def test_title_clauses_and_decoration_still_read() -> None:
    """Chapter and series clauses and decoration still come off a title line."""
    work = parse_bytes(
        b"Title: Night Watch (2/5) - Part one of the Lantern Series\n"
        b"Author: Ann Example <ann@example.org>,  Bo  Sample\n\nA story.\n",
        "clauses.md",
    )
    assert work.title == "Night Watch"
    assert (work.chapter.number, work.chapter.total) == (2, 5)
    assert (work.series.title, work.series.part) == ("Lantern", 1)
    assert work.authors == ["Ann Example", "Bo Sample"]
    assert parse_bytes(b"Title: ~~ Night Watch ~~,;\n\nA story.\n", "t.md").title == "Night Watch"
