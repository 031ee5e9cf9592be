"""The story body as blocks: paragraphs, verse, scene breaks and headings; chapters; word count.

Verse (song lyrics, poems) is found by shape: a paragraph of several short lines, in a file whose
prose is not itself hard-wrapped to that width; a lone short line next to verse (a refrain) is
verse too. Hard-wrapped prose is re-joined into paragraphs.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import chain

from ficarchive.legacy.header import is_known_label, is_separator
from ficarchive.legacy.model import Block, ParsedChapter
from ficarchive.legacy.normalize.numbers import NUMBER_WORD
from ficarchive.legacy.sources.chapter_heading import read_chapter_heading

CHAPTER_HEADING = re.compile(
    rf"(?i)^[\s~*=#\-–—\[(]*(?:chapter|ch\.|part|book|section|kapitel|chapitre|cap[ií]tulo|capitolo|"
    rf"глава|часть)\s+{NUMBER_WORD}\b[^\n]{{0,80}}$"
    r"|^(?i:prologue|epilogue|interlude|afterword|пролог|эпилог)\b[^\n]{0,60}$"
    r"|^[\s~*=#\-–—\[(]*\d{1,3}\s*[.:)\]]?[\s~*=#\-–—\])]*$"
)
BREAK_WORDS = re.compile(r"(?i)^[\s~*=#\-–—]*(?:scene break|break|\* \* \*|#)[\s~*=#\-–—]*$")
SENTENCE_END = re.compile(r"[.!?…:;\"”’')\]]$")
DIALOGUE = re.compile(r"^[\"“”‘'«—–-]")


EDGE_CHARS = " \t\u00a0"
BLANK_LINES = re.compile(r"\n\s*\n")
HEADING_MARK = "\ue001"  # private use: "the source marked this line as a heading"


def chunks_of(lines: list[str], start: int, headings: set[int] | None = None) -> list[list[str]]:
    """Group lines into chunks separated by blank lines (one split of the joined text).

    Lines the source marked as headings start with `HEADING_MARK` in the chunks.
    """
    if headings:
        lines = [HEADING_MARK + line if i in headings else line for i, line in enumerate(lines)]
    # Each line without its edge spaces (a per-line strip stays linear on long runs, and costs
    # less than looking for edge spaces first).
    text = "\n".join([line.strip(EDGE_CHARS) for line in lines[start:]])
    return [chunk.split("\n") for chunk in BLANK_LINES.split(text.strip()) if chunk]


def wrap_width(chunks: list[list[str]]) -> int | None:
    """The column prose is hard-wrapped at, or None when paragraphs are not wrapped."""
    lengths = list(map(len, chain.from_iterable(c[:-1] for c in chunks if len(c) > 2)))
    if len(lengths) < 8:
        return None
    lengths.sort()
    width = lengths[int(len(lengths) * 0.9)]
    if width < 50 or width > 140:
        return None
    near = len(lengths) - bisect_left(lengths, width * 0.75)
    return width if near >= len(lengths) * 0.6 else None


def is_verse(lines: list[str], width: int | None, poem: bool = False) -> bool:
    """A chunk shaped like a stanza: several short lines, not wrapped prose, not dialogue.

    In a work the header calls a poem, longer lines still make a stanza.
    """
    if len(lines) < 2:
        return False
    lengths = list(map(len, lines))
    longest = max(lengths)
    if longest > (90 if poem else 75):
        return False
    mean = sum(lengths) / len(lengths)
    if mean > (66 if poem else 48):
        return False
    if width and sum(map((width * 0.75).__le__, lengths[:-1])) >= max(1, (len(lengths) - 1) * 0.5):
        return False
    if len(lines) == 2 and longest > 60:
        return False
    dialogue = sum(1 for line in lines if DIALOGUE.match(line))
    if dialogue > len(lines) / 2:
        return False
    return not any(is_separator(line) for line in lines)


def is_chapter_heading(text: str) -> bool:
    """True for a chapter heading line ("Chapter 2: The Return", "Part Three", "Epilogue", "2.")."""
    return len(text) <= 100 and bool(CHAPTER_HEADING.match(text))


def segment(
    lines: list[str], start: int, headings: set[int] | None = None, poem: bool = False
) -> list[Block]:
    """Blocks of the body that begins at `lines[start]` (`headings`: indexes of heading lines).

    `poem`: the header says the work is a poem, so even lines of a regular length are verse,
    not hard-wrapped prose.
    """
    chunks = chunks_of(lines, start, headings)
    width = None if poem else wrap_width(chunks)
    blocks: list[Block] = []
    append = blocks.append
    for text_lines in chunks:
        first = text_lines[0]
        if first.startswith(HEADING_MARK):
            append(Block("heading", " ".join(t.replace(HEADING_MARK, "") for t in text_lines)))
            continue
        if len(text_lines) == 1:
            if len(first) > 100:
                append(Block("paragraph", first))
            elif is_separator(first) or BREAK_WORDS.match(first):
                append(Block("break", ""))
            elif is_chapter_heading(first):
                append(Block("heading", first))
            else:
                append(Block("paragraph", first))
            continue
        if is_verse(text_lines, width, poem):
            if sum(1 for line in text_lines if is_known_label(line)) * 2 >= len(text_lines):
                # "Feedback: ...\nArchive: ..." after the story: fields, not a poem.
                blocks.extend(Block("paragraph", line) for line in text_lines)
            else:
                append(Block("verse", "\n".join(text_lines)))
            continue
        if width is None and any(len(line) > 100 for line in text_lines):
            # Paragraphs one per line, with no blank line between them.
            for line in text_lines:
                if line.startswith(HEADING_MARK) or (len(line) < 60 and is_chapter_heading(line)):
                    append(Block("heading", line.replace(HEADING_MARK, "")))
                elif len(line) < 100 and is_separator(line):
                    append(Block("break", ""))
                else:
                    append(Block("paragraph", line))
            continue
        append(Block("paragraph", " ".join(text_lines).replace(HEADING_MARK, "")))
    blocks = _verse_runs(blocks)
    _refrains(blocks)
    return blocks


def _lyric_line(block: Block) -> bool:
    text = block.text
    return (
        block.kind == "paragraph"
        and 0 < len(text) <= 60
        and not SENTENCE_END.search(text)
        and not DIALOGUE.match(text)
        and not is_chapter_heading(text)
    )


def _verse_runs(blocks: list[Block]) -> list[Block]:
    """Three or more short unpunctuated one-line paragraphs in a row are a song set line by line."""
    if len(blocks) < 3:
        return blocks
    short = [i for i, b in enumerate(blocks) if len(b.text) <= 60 and b.kind == "paragraph"]
    if not any(short[k + 2] == short[k] + 2 for k in range(len(short) - 2)):
        return blocks
    out: list[Block] = []
    run: list[Block] = []
    for block in [*blocks, Block("break", "")]:
        if _lyric_line(block):
            run.append(block)
            continue
        if len(run) >= 3:
            out.append(Block("verse", "\n".join(b.text for b in run)))
        else:
            out.extend(run)
        run = []
        out.append(block)
    return out[:-1]


def _refrains(blocks: list[Block]) -> None:
    """A lone short line right after verse, or repeating a verse line, is verse too."""
    verse_lines = {
        line.casefold() for b in blocks if b.kind == "verse" for line in b.text.split("\n")
    }
    if not verse_lines:
        return
    for i, block in enumerate(blocks):
        if block.kind != "paragraph" or len(block.text) > 60 or DIALOGUE.match(block.text):
            continue
        previous = blocks[i - 1] if i else None
        repeats = block.text.casefold() in verse_lines
        after_verse = previous is not None and previous.kind == "verse"
        if repeats or (
            after_verse and not SENTENCE_END.search(block.text) and len(block.text) <= 45
        ):
            block.kind = "verse"


OPENING_BLOCKS = 3  # a lone chapter heading stands among the body's first blocks


def lone_chapter_number(blocks: list[Block]) -> int | None:
    """The number of the body's only chapter heading ("Part One", "Kapitel 96", "Chapter 7:
    Home") when it opens the body: the file is that chapter of a longer work."""
    found = [
        (i, heading)
        for i, block in enumerate(blocks)
        if block.kind == "heading"
        or (i < OPENING_BLOCKS and block.kind == "paragraph" and len(block.text) <= 60)
        for heading in [read_chapter_heading(block.text)]
        if heading is not None
    ]
    if len(found) != 1 or found[0][0] >= OPENING_BLOCKS:
        return None
    return found[0][1].number


def split_chapters(blocks: list[Block]) -> list[ParsedChapter]:
    """Chapters at chapter headings; a body without them is one chapter."""
    if not blocks:
        return []
    starts = [i for i, b in enumerate(blocks) if b.kind == "heading" and is_chapter_heading(b.text)]
    if not starts:
        # Headings marked up as such (HTML h2, eFiction chapter titles), when there are several.
        marked = [i for i, b in enumerate(blocks) if b.kind == "heading"]
        starts = marked if len(marked) > 1 else []
    if not starts:
        return [ParsedChapter(title=None, blocks=list(blocks))]
    chapters: list[ParsedChapter] = []
    lead = blocks[: starts[0]]
    if any(b.kind in ("paragraph", "verse") for b in lead):
        chapters.append(ParsedChapter(title=None, blocks=list(lead)))
        lead = []
    for n, begin in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(blocks)
        part = blocks[begin:end]
        if n == 0 and lead:
            part = lead + part
        chapters.append(ParsedChapter(title=blocks[begin].text, blocks=list(part)))
    return chapters


ODD_SPACE = re.compile(
    "[\t\r\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)


ASCII_ODD_SPACES = "\t\r\x0b\x0c\x1c\x1d\x1e\x1f"


def has_odd_space(text: str) -> bool:
    """Whitespace other than a plain space or line end anywhere in the text."""
    if text.isascii():
        return any(c in text for c in ASCII_ODD_SPACES)
    return bool(ODD_SPACE.search(text))


def words_in(text: str) -> int:
    """`len(text.split())`, computed by counting separators when the spacing is regular."""
    if not text:
        return 0
    if (
        "  " in text
        or "\n\n" in text
        or " \n" in text
        or "\n " in text
        or text[0] in " \n"
        or text[-1] in " \n"
        or has_odd_space(text)
    ):
        return len(text.split())
    return text.count(" ") + text.count("\n") + 1


# A token with no letter or digit in it ("--", "*", "…"): punctuation, not a word.
NO_WORD_TOKEN = re.compile(r"(?<!\S)(?:[^\s\w]|_)+(?!\S)")


# ASCII text as bytes: white space becomes 0, letters and digits 1, all else is dropped, so
# that every token holding a letter or digit becomes one run of 1 bytes (counted in C, no regex).
_ASCII_WHITE = b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
_ASCII_ALNUM = bytes(c for c in range(128) if chr(c).isalnum())
_ASCII_WORDS = bytes(1 if c in _ASCII_ALNUM else 0 for c in range(256))
_ASCII_DROP = bytes(c for c in range(128) if c not in _ASCII_WHITE and c not in _ASCII_ALNUM)


def word_count(blocks: list[Block]) -> int:
    """Words of the story text: whitespace-separated tokens holding a letter or a digit."""
    # Joining with a line end keeps every token apart, so one count over the whole is exact.
    text = "\n".join([b.text for b in blocks if b.kind != "break" and b.text])
    if text.isascii():
        runs = int.from_bytes(text.encode("ascii").translate(_ASCII_WORDS, _ASCII_DROP), "big")
        # A run starts at a 1 byte whose left neighbour (one byte up in the number) is 0.
        return (runs & ~(runs >> 8)).bit_count()
    return words_in(text) - len(NO_WORD_TOKEN.findall(text))
