"""Property tests: whatever bytes come in, the reader returns a ParsedWork and never raises."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ficarchive.legacy import ParsedWork, parse_bytes

HEADER_PIECES = [
    "Title: ",
    "Author: ",
    "Rating: ",
    "Pairing: ",
    "Fandom: ",
    "Summary: ",
    "Warnings: ",
    "Distribution: ",
    "Feedback: ",
    "Chapters: ",
    "Series: ",
    "A/N: ",
    "[Author's Note: ",
    "Название: ",
    "Пейринг: ",
    "~*~*~",
    "-----",
    "* * *",
    "<b>Title:</b> ",
    "<br />",
    "<p>",
    "</p>",
    '<lj user="x">',
    "<lj-cut>",
    '<div class="infobox">',
    '<span class="label">',
    "<table><tr><td>",
    "</td><td>",
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    "(1/3)",
    "; Part two of the ",
    " Series",
    "W/S",
    "Buffy/Giles",
    " by ",
    "\ufeff",
    "â€™",
    "Ã©",
    "\x00",
    "&amp;",
    "&#x27;",
]


def _check(work: ParsedWork) -> None:
    assert isinstance(work, ParsedWork)
    json.dumps(work.to_json())
    if work.blocks:
        assert work.chapters
    assert work.word_count >= 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_random_bytes_never_raise(data: bytes) -> None:
    """Random bytes always give a ParsedWork whose JSON can be written."""
    _check(parse_bytes(data, "random.txt"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(st.sampled_from(HEADER_PIECES), st.text(max_size=40)), max_size=80),
    st.sampled_from(["story.txt", "story.html", "story"]),
    st.sampled_from(["utf-8", "cp1252", "latin-1", "utf-16"]),
)
def test_mutated_headers_never_raise(pieces: list[str], name: str, encoding: str) -> None:
    """Header-like fragments shuffled with random text, in any encoding, never make it raise."""
    data = "".join(pieces).encode(encoding, errors="replace")
    _check(parse_bytes(data, name))


SEED_LIKE = (
    "Title: Glass Garden 2/3; Part two of the Greenhouse Series.\nAuthor: Fen\nPairing: W/T\n"
    "Rating: R\nDistribution: Anywhere, just ask.\nFeedback: Yes!\n\n"
    "Paragraph one of the story, long enough to be prose and not a poem at all, really.\n\n"
    "A line of song\nAnother line of song\nA third line sung\n\n"
    "* * *\n\nChapter Two\n\nThe last paragraph, where everything ends.\n"
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(0, len(SEED_LIKE)), st.integers(0, 30), st.text(max_size=8)),
        max_size=12,
    )
)
def test_edited_story_never_raises(edits: list[tuple[int, int, str]]) -> None:
    """A well-formed story with random cuts and insertions still parses without raising."""
    text = SEED_LIKE
    for position, cut, insert in edits:
        position = min(position, len(text))
        text = text[:position] + insert + text[position + cut :]
    _check(parse_bytes(text.encode("utf-8"), "edited.txt"))


def test_empty_file_is_a_failure_not_an_exception() -> None:
    """An empty file yields an error diagnostic (failed) and no blocks."""
    work = parse_bytes(b"", "empty.txt")
    assert work.failed
    assert not work.blocks


def test_missing_file_is_reported() -> None:
    """A file that cannot be read yields an error diagnostic instead of raising."""
    from ficarchive.legacy import parse_file

    work = parse_file("/nonexistent/story.txt")
    assert work.failed
    assert "cannot read" in work.diagnostics[0].message


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab é\t\n\r\u00a0\u2003\u3000\x0b\x1f.")), max_size=60)
)
def test_word_count_shortcut_matches_split(text: str) -> None:
    """The fast word count agrees with whitespace splitting on any spacing."""
    from ficarchive.legacy.body import words_in

    assert words_in(text) == len(text.split())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1 é\t\n\x1f\u00a0\u3000_-—.*…")), max_size=60))
def test_word_count_counts_tokens_with_a_letter_or_digit(text: str) -> None:
    """The word count is the number of whitespace tokens holding a letter or a digit."""
    from ficarchive.legacy.body import word_count
    from ficarchive.legacy.model import Block

    expected = sum(1 for token in text.split() if any(c.isalnum() for c in token))
    assert word_count([Block("paragraph", text)]) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_word_count_of_ascii_text_counts_tokens_with_a_letter_or_digit(text: str) -> None:
    """The ASCII fast path agrees: any ASCII text, controls and punctuation included."""
    from ficarchive.legacy.body import word_count
    from ficarchive.legacy.model import Block

    expected = sum(1 for token in text.split() if any(c.isalnum() for c in token))
    assert word_count([Block("paragraph", text)]) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab é\t\n\r\u00a0\u2003\u3000\x0b\x1f.")), max_size=60)
)
def test_squash_matches_split_join(text: str) -> None:
    """Whitespace squashing agrees with splitting and re-joining on any spacing."""
    from ficarchive.legacy.htmltext import squash

    assert squash(text) == " ".join(text.split())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from(list("ab é\t\n\r\u00a0\u2003\x1c.")), min_size=1, max_size=30
        ),
        min_size=1,
        max_size=5,
    )
)
def test_html_paragraphs_are_squashed_like_split_join(texts: list[str]) -> None:
    """Runs of <p> paragraphs give each paragraph's text with its whitespace squashed."""
    from ficarchive.legacy.htmltext import html_to_lines

    html = "\n".join(f"<p>{t}</p>" for t in texts)
    lines = [line for line in html_to_lines(html).lines if line]
    expected = [" ".join(t.replace("\r\n", "\n").replace("\r", "\n").split()) for t in texts]
    assert lines == [e for e in expected if e]


LINE_SHAPES = ["", "  ", "Ann walked home.", "x" * 120, "* * *", "-----", "ooo", "  indented line"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(LINE_SHAPES), max_size=40),
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=1, max_value=8),
)
def test_last_paragraph_runs_match_the_tail_of_all_runs(
    lines: list[str], start: int, count: int
) -> None:
    """Found from the end, the last runs are those the forward walk gives, whatever the mix of
    blank lines, rules, short and long lines."""
    from ficarchive.legacy.header import last_paragraph_runs, paragraph_runs

    start = min(start, len(lines))
    expected = paragraph_runs(lines, start, len(lines))[-count:]
    assert last_paragraph_runs(lines, start, len(lines), count) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*LINE_SHAPES, "she said that the", "x" * 95]), max_size=60))
def test_double_spacing_quick_pass_rejects_only_single_spaced_text(lines: list[str]) -> None:
    """The quick pass says "plainly single-spaced" only of text the full check rejects."""
    from ficarchive.legacy import spacing

    if spacing._plainly_single(lines):
        assert not spacing.is_double_spaced(lines)
        full = [line for line in lines if line.strip()]
        gaps = spacing._gaps(lines)[:-1]
        wrapped = [line for line in full if len(line.strip()) <= 90]
        assert (
            len(full) < spacing.MIN_LINES
            or sum(1 for gap in gaps if gap == 0) > len(gaps) * 0.05
            or len(wrapped) < len(full) * 0.8
        )
