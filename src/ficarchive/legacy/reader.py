"""Entry points of the legacy reader: bytes in, `ParsedWork` out, through a pipeline of rules.

The pipeline (`STEPS`, in order; each step is a named rule and a failure becomes a diagnostic):

    decode      bytes to text: a mailed MIME body made plain (`mime.py`), encodings, line ends
    transport   a repost quoted whole ("> ") unquoted; mail and news headers, mbox lines: read
                for subject, poster, newsgroups; blanked
    layout      the source layout (plain, HTML page, eFiction, ...) turns text into lines;
                double-spaced text is closed up (`spacing.py`)
    header      the labelled header (`Title: ...`), where there is one
    opening     a label-less opening: intro, title line, byline (text layouts only)
    header tail under a labelled header, the paragraphs that can only be notes
    story end   end markers and signatures: where the story stops (`trailer.py`)
    fields      every field read so far, normalized onto the work (`normalize/fields.py`)
    body        the story as blocks, end notes taken off, chapters, word count
    details     characters from the text, songs, language, the closing checks

A per-file time budget is checked between steps: a file that exceeds it is reported as failed.
"""

from __future__ import annotations

import operator
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ficarchive.legacy.body import lone_chapter_number, segment, split_chapters, word_count
from ficarchive.legacy.contents import skip_contents
from ficarchive.legacy.decode import Decoded, decode_bytes
from ficarchive.legacy.document import Document, Field
from ficarchive.legacy.frames import unframe
from ficarchive.legacy.header import HeaderResult, read_header
from ficarchive.legacy.knowledge import KnowledgeBase, load_knowledge
from ficarchive.legacy.labels import STRONG
from ficarchive.legacy.mime import unwrap_mime
from ficarchive.legacy.model import Block, ChapterNumber, Diagnostic, ParsedChapter, ParsedWork
from ficarchive.legacy.normalize.cast import characters_in_text
from ficarchive.legacy.normalize.evidence import collect, decide
from ficarchive.legacy.normalize.fields import apply_fields
from ficarchive.legacy.normalize.language import guess_language
from ficarchive.legacy.normalize.prose import Facts, apply_facts
from ficarchive.legacy.normalize.songs import read_songs
from ficarchive.legacy.opening import Opening, read_header_tail, read_opening
from ficarchive.legacy.rules import run_rule
from ficarchive.legacy.sources import REGISTRY, choose
from ficarchive.legacy.spacing import undouble
from ficarchive.legacy.trailer import (
    StoryEnd,
    find_story_end,
    read_story_end,
    take_end_notes,
    trailer_facts,
)
from ficarchive.legacy.transport import Envelope, read_envelope, unquote_repost
from ficarchive.sanitize.text import text_clean, text_clean_all

MAX_BYTES = 50 * 1024 * 1024
TIME_BUDGET = 5.0  # seconds of one file's reading before it is given up as failed
TEXT_LAYOUTS = {"plain", "archive-text", "markdown"}
UNESCAPED_LAYOUTS = {"plain", "archive-text"}
# Layouts whose labelled header may have notes under it: the text ones, and a web page's paragraphs
# when the page says nothing of where its story starts.
TAIL_LAYOUTS = TEXT_LAYOUTS | {"html-page"}  # text taken as it is, no entity made a character


@dataclass
class Reading:
    """The state one file's reading passes from step to step."""

    work: ParsedWork
    data: bytes
    text: str = ""
    envelope: Envelope = field(default_factory=Envelope)
    doc: Document = field(default_factory=lambda: Document.from_text("plain", ""))
    header: HeaderResult = field(default_factory=HeaderResult)
    opening: Opening | None = None
    facts: Facts = field(default_factory=Facts)
    body_start: int = 0
    story_end: StoryEnd | None = None
    kb: KnowledgeBase | None = None
    fields: list[Field] = field(default_factory=list)


def parse_bytes(data: bytes, source: str, *, budget: float = TIME_BUDGET) -> ParsedWork:
    """Read one story file's bytes; never raises, problems become diagnostics. Every string
    in the result is free of control characters and non-characters (`text_clean`)."""
    work = ParsedWork(source=source)
    reading = Reading(work, data)
    try:
        _read(reading, budget)
    except Exception as exc:
        work.diagnostics.append(Diagnostic("error", f"internal error: {type(exc).__name__}: {exc}"))
    if work.blocks and not work.chapters:
        work.chapters = [ParsedChapter(title=None, blocks=list(work.blocks))]
    # Plain text layouts cut the body from the decoded text, which `decode_bytes` has cleaned
    # already; markup layouts (markdown too) unescape entities, which may make any character.
    return clean_work(work, body_clean=reading.doc.layout in UNESCAPED_LAYOUTS)


def clean_work(work: ParsedWork, *, body_clean: bool = False) -> ParsedWork:
    """`text_clean_all(work)`, with the story text checked in one pass: the body is most of a
    work, and its blocks (shared by the chapters) are walked one by one only when they hold a
    character to drop. `body_clean`: the blocks' text is known to be clean already."""
    blocks, chapters = work.blocks, work.chapters
    if not _shares_blocks(blocks, chapters):
        return text_clean_all(work)
    if not body_clean:
        body = "\n".join([block.text for block in blocks])
        if text_clean(body) is not body:
            return text_clean_all(work)
    work.blocks, work.chapters = [], []
    text_clean_all(work)
    for chapter in chapters:
        chapter.title = text_clean(chapter.title) if chapter.title else chapter.title
    work.blocks, work.chapters = blocks, chapters
    return work


def _shares_blocks(blocks: list[Block], chapters: list[ParsedChapter]) -> bool:
    """Every chapter's blocks are blocks of the work (the same objects): a lone chapter holding
    all of them is checked pairwise, with no set of ids."""
    lone = chapters[0].blocks if len(chapters) == 1 else None
    if lone is not None and len(lone) == len(blocks) and all(map(operator.is_, lone, blocks)):
        return True
    known = set(map(id, blocks))
    return all(known.issuperset(map(id, chapter.blocks)) for chapter in chapters)


def parse_file(path: str | Path, *, budget: float = TIME_BUDGET) -> ParsedWork:
    """Read one story file from disk; never raises."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        work = ParsedWork(source=name)
        work.diagnostics.append(Diagnostic("error", f"cannot read the file: {exc.strerror or exc}"))
        return work
    return parse_bytes(data, name, budget=budget)


def _read(reading: Reading, budget: float) -> None:
    """Run the steps in order; stop at a step that says so, or when the budget is spent."""
    started = time.monotonic()
    for name, step in STEPS:
        if time.monotonic() - started > budget:
            reading.work.diagnostics.append(
                Diagnostic(
                    "error", f"reading took longer than {budget:g} s (stopped before {name})"
                )
            )
            reading.work.blocks = []
            return
        if step(reading) is False:
            return


def step_decode(reading: Reading) -> bool:
    """Bytes to text; an empty or oversized file stops here."""
    work, data = reading.work, reading.data
    if len(data) > MAX_BYTES:
        work.diagnostics.append(Diagnostic("error", f"the file is larger than {MAX_BYTES} bytes"))
        return False
    data = run_rule(work, "mime", unwrap_mime, data, default=data)
    decoded = run_rule(work, "decode", decode_bytes, data, default=None)
    if decoded is None:
        decoded = Decoded(text_clean(data.decode("utf-8", errors="replace")), "utf-8")
    work.diagnostics.extend(Diagnostic("info", note, None) for note in decoded.notes)
    reading.text = decoded.text
    if not reading.text or reading.text.isspace():
        work.diagnostics.append(Diagnostic("error", "the file holds no text"))
        return False
    return True


def step_transport(reading: Reading) -> None:
    """Mail and news transport: read, then blanked out of the text."""
    reading.text = run_rule(
        reading.work, "quoted repost", unquote_repost, reading.text, default=reading.text
    )
    default = (Envelope(), reading.text)
    reading.envelope, reading.text = run_rule(
        reading.work, "transport", read_envelope, reading.text, default=default
    )


def step_layout(reading: Reading) -> bool:
    """The source layout that recognises the text turns it into a `Document`; a layout that
    refuses the text (too much markup to parse safely) stops the reading with its reason."""
    work = reading.work
    layout = run_rule(work, "choose source", choose, reading.text, work.source, default=None)
    layout = layout or REGISTRY["plain"]
    doc = run_rule(
        work, f"source {layout.name}", layout.parse, reading.text, work.source, default=None
    )
    doc = doc or Document.from_text("plain", reading.text)
    if doc.error:
        work.diagnostics.append(Diagnostic("error", doc.error))
        reading.doc = doc
        return False
    if doc.layout in TEXT_LAYOUTS and doc.header_end is None and not doc.headings:
        doc = run_rule(work, "spacing", undouble, doc, default=doc)
    if doc.layout in TEXT_LAYOUTS:
        doc = run_rule(work, "frames", unframe, doc, default=doc)
    reading.doc = doc
    return True


def step_header(reading: Reading) -> None:
    """The labelled header, if the text has one."""
    work, doc = reading.work, reading.doc
    reading.header = run_rule(work, "header", read_header, doc, default=None) or HeaderResult()
    header = reading.header
    if header.header_start is None and not header.fields and not doc.fields:
        work.diagnostics.append(
            Diagnostic("warning", "no header found: the whole file is read as the story", 1)
        )
    reading.body_start = header.body_start
    reading.fields = reading.envelope.fields() + doc.fields + header.fields


def step_opening(reading: Reading) -> None:
    """A text without a classic header: its prose opening gives title, byline and notes."""
    doc, header = reading.doc, reading.header
    if doc.layout not in TEXT_LAYOUTS or doc.header_end is not None or _labelled_header(header):
        return  # a layout that knows where its story starts has said so
    opening = run_rule(
        reading.work, "opening", read_opening, doc.lines, doc.numbers, 0, reading.envelope.subject
    )
    if opening is None:
        return
    reading.opening, reading.facts = opening, opening.facts
    reading.body_start = opening.body_start
    envelope = reading.envelope.fields()
    if opening.facts.poster_not_author:
        envelope = [f for f in envelope if f.label != "From"]
    reading.fields = envelope + doc.fields + opening.fields


def step_header_tail(reading: Reading) -> None:
    """Under a labelled header of a text layout, the paragraphs that can only be notes."""
    doc, header = reading.doc, reading.header
    if reading.opening is not None or header.header_start is None or header.story_end is not None:
        return
    if doc.layout not in TAIL_LAYOUTS or doc.header_end is not None:
        return
    tail = run_rule(
        reading.work, "header tail", read_header_tail, doc.lines, doc.numbers, reading.body_start
    )
    if tail is not None:
        reading.body_start = tail.body_start
        reading.fields.extend(tail.fields)
        reading.facts = tail.facts


def _labelled_header(header: HeaderResult) -> bool:
    """A classic header: a labelled Title, or three labelled fields of the strong kind."""
    # A byline's "by" above the labels is no label ("Title / by Ann / Rated R / Warning: ...").
    labelled = [
        f for f in header.fields if f.label and f.source == "label" and f.label.casefold() != "by"
    ]
    if any(f.name == "title" for f in labelled):
        return True
    return sum(1 for f in labelled if f.name in STRONG) >= 3


def step_story_end(reading: Reading) -> None:
    """Where the story stops; the closing lines are read for facts."""
    work = reading.work
    names = tuple(f.value for f in reading.fields if f.name == "author" and f.label != "From")
    lines = reading.doc.lines
    if reading.header.story_end is not None:
        lines = lines[: reading.header.story_end]  # the header after the story is no story
    story_end = run_rule(work, "story end", find_story_end, lines, reading.body_start, names)
    reading.story_end = story_end
    if reading.story_end is not None:
        run_rule(work, "trailer facts", trailer_facts, reading.story_end, reading.facts)


def step_fields(reading: Reading) -> None:
    """Every field read so far onto the work, fandom evidence included."""
    work = reading.work
    reading.kb = run_rule(work, "knowledge", load_knowledge, default=None)
    if reading.kb is None:
        return
    run_rule(work, "fandom evidence", _fandom_evidence, reading)
    apply_fields(work, reading.fields, reading.doc, reading.kb)
    if reading.story_end is not None:
        run_rule(work, "trailer", read_story_end, work, reading.story_end)
    reading.facts.poster = reading.envelope.poster
    run_rule(work, "prose facts", apply_facts, work, reading.facts)
    envelope = reading.envelope
    if envelope.anonymous and envelope.poster and not work.authors:
        # Through a remailer, and signed nowhere: the name the remailer gave is all there is.
        work.authors.append(envelope.poster)
        work.note_source("authors", "label", 0.3)


def _fandom_evidence(reading: Reading) -> None:
    """Without a Fandom field, the fandoms that the subject, title lines and prose name."""
    if any(f.name in ("fandom", "category") and f.value.strip() for f in reading.fields):
        return
    assert reading.kb is not None
    titled = [f.value for f in reading.fields if f.name in ("title", "subtitle")]
    prose = [f.value for f in reading.fields if f.name in ("disclaimer", "notes", "summary")]
    evidence = collect(
        reading.kb,
        subject=reading.envelope.subject,
        titled=titled,
        newsgroups=reading.envelope.newsgroups,
        prose=prose + reading.facts.clue_texts,
        story=_story_text(reading) if reading.envelope.newsgroups else "",
    )
    fandoms, source, confidence = decide(evidence, reading.envelope.year)
    if source is None:
        return
    for name in fandoms:
        reading.fields.append(Field("fandom", "", name, source=source, confidence=confidence))


def _story_text(reading: Reading) -> str:
    """The start of the story's text (a few hundred lines), for evidence that reads it."""
    end = reading.story_end.end if reading.story_end is not None else len(reading.doc.lines)
    return "\n".join(reading.doc.lines[reading.body_start : min(end, reading.body_start + 400)])


def step_body(reading: Reading) -> None:
    """The story's blocks, end notes taken off, chapters and word count."""
    work = reading.work
    poem = _says_poem(work)
    lines = reading.doc.lines
    if reading.story_end is not None:
        lines = lines[: reading.story_end.end]
    start = run_rule(
        work, "contents", skip_contents, lines, reading.body_start, default=reading.body_start
    )
    blocks: list[Block] = run_rule(
        work, "body", segment, lines, start, reading.doc.headings, poem, default=[]
    )
    blocks = run_rule(work, "end notes", take_end_notes, work, blocks, default=blocks)
    while blocks and blocks[-1].kind == "break":
        blocks = blocks[:-1]  # the rule above the notes or footer that left
    work.blocks = blocks
    work.chapters = run_rule(work, "chapters", split_chapters, blocks, default=[]) or []
    work.word_count = word_count(blocks)
    if work.chapter is None:
        number = run_rule(work, "lone chapter", lone_chapter_number, blocks)
        if number is not None:
            work.chapter = ChapterNumber(number, None)
            work.note_source("chapter", "title-line", 0.7)


def step_details(reading: Reading) -> None:
    """Characters the text names, songs the notes name, the language, and closing checks."""
    work, kb = reading.work, reading.kb
    if kb is not None and not any(f.name == "characters" for f in reading.fields):
        run_rule(work, "characters from text", _characters_from_text, work, kb)
    if not work.songs:
        texts = [work.notes or "", work.summary or "", work.end_notes or ""]
        work.songs = run_rule(work, "songs", read_songs, texts, default=[]) or []
    if work.language is None:
        sample = " ".join(b.text for b in work.blocks[:6])[:1000]
        work.language = run_rule(work, "language", guess_language, sample, default=None)
        if work.language:
            work.note_source("language", "inferred", 0.6)
    if not work.title:
        line = reading.header.header_start
        work.diagnostics.append(Diagnostic("warning", "no title found in the header", line))
    if not work.blocks:
        work.diagnostics.append(Diagnostic("error", "no story text found after the header", None))


STEPS: list[tuple[str, Callable[[Reading], bool | None]]] = [
    ("decode", step_decode),
    ("transport", step_transport),
    ("layout", step_layout),
    ("header", step_header),
    ("opening", step_opening),
    ("header tail", step_header_tail),
    ("story end", step_story_end),
    ("fields", step_fields),
    ("body", step_body),
    ("details", step_details),
]


POEM_WORD = re.compile(r"(?i)\b(?:poem|poetry|poésie|poesía|poesia|gedicht|стих\w*|verse)\b")
POEM_IN_SUMMARY = re.compile(r"(?i)\b(?:a|an|my|this)\s+(?:\w+\s+)?(?:poem|poetry)\b")


def _says_poem(work: ParsedWork) -> bool:
    """The header calls the work a poem: a "Poetry" genre or category, or "A poem" in the summary."""
    tags = [t for t in work.freeform if len(t) < 12]
    if tags and any(POEM_WORD.fullmatch(t.strip()) for t in tags):
        return True
    # In a summary only "poem" words count ("out in the 'verse" is Firefly's universe).
    summary = (work.summary or "")[:200]
    return "poe" in summary.casefold() and POEM_IN_SUMMARY.search(summary) is not None


def _characters_from_text(work: ParsedWork, kb: KnowledgeBase) -> None:
    """Without a Characters field, the characters the summary names or the story keeps naming."""
    body = " ".join(b.text for b in work.blocks[:20])[:4000]
    found = [
        n
        for n in characters_in_text(work.fandoms, work.summary or "", body, kb)
        if n not in work.characters
    ]
    work.characters.extend(found)
    if found:
        work.note_source("characters", "inferred", 0.4)
