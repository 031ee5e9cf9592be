"""Entry points of the legacy reader: bytes in, `ParsedWork` out, through a pipeline of rules.

decode → choose the source layout → header → normalize fields → body blocks → end notes, songs,
language, word count. Every step runs as a named rule: a failure becomes a diagnostic.
"""

from __future__ import annotations

import re
from pathlib import Path

from ficarchive.legacy.body import segment, split_chapters, word_count
from ficarchive.legacy.decode import Decoded, decode_bytes
from ficarchive.legacy.document import Document
from ficarchive.legacy.header import HeaderResult, read_header
from ficarchive.legacy.knowledge import load_knowledge
from ficarchive.legacy.labels import STRONG
from ficarchive.legacy.model import (
    Diagnostic,
    Distribution,
    Feedback,
    ParsedChapter,
    ParsedWork,
)
from ficarchive.legacy.normalize.cast import characters_in_text
from ficarchive.legacy.normalize.fields import apply_fields
from ficarchive.legacy.normalize.language import guess_language
from ficarchive.legacy.normalize.prose import Facts
from ficarchive.legacy.normalize.rating import NOT_RATED
from ficarchive.legacy.normalize.songs import read_songs
from ficarchive.legacy.opening import read_opening
from ficarchive.legacy.rules import run_rule
from ficarchive.legacy.sources import REGISTRY, choose
from ficarchive.legacy.trailer import find_story_end, read_story_end, take_end_notes
from ficarchive.legacy.transport import Envelope, read_envelope

END_NOTE_LABELS = {"notes", "end_notes"}
MAX_BYTES = 50 * 1024 * 1024


def parse_bytes(data: bytes, source: str) -> ParsedWork:
    """Read one story file's bytes; never raises, problems become diagnostics."""
    work = ParsedWork(source=source)
    try:
        _read(work, data)
    except Exception as exc:  # noqa: BLE001 - last line of defence: report, never raise
        work.diagnostics.append(Diagnostic("error", f"internal error: {type(exc).__name__}: {exc}"))
    if work.blocks and not work.chapters:
        work.chapters = [ParsedChapter(title=None, blocks=list(work.blocks))]
    return work


def parse_file(path: str | Path) -> ParsedWork:
    """Read one story file from disk; never raises."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        work = ParsedWork(source=name)
        work.diagnostics.append(Diagnostic("error", f"cannot read the file: {exc.strerror or exc}"))
        return work
    return parse_bytes(data, name)


def _read(work: ParsedWork, data: bytes) -> None:
    if len(data) > MAX_BYTES:
        work.diagnostics.append(Diagnostic("error", f"the file is larger than {MAX_BYTES} bytes"))
        return
    decoded = run_rule(work, "decode", decode_bytes, data, default=None)
    if decoded is None:
        decoded = Decoded(data.decode("utf-8", errors="replace"), "utf-8")
    for note in decoded.notes:
        work.diagnostics.append(Diagnostic("info", note, None))
    text = decoded.text
    if not text.strip():
        work.diagnostics.append(Diagnostic("error", "the file holds no text"))
        return
    envelope, text = run_rule(work, "transport", read_envelope, text, default=(Envelope(), text))
    layout = run_rule(work, "choose source", choose, text, work.source, default=REGISTRY["plain"])
    doc = run_rule(work, f"source {layout.name}", layout.parse, text, default=None)
    if doc is None:
        doc = Document.from_text("plain", text)
    header = run_rule(work, "header", read_header, doc, default=None) or HeaderResult()
    if header.header_start is None and not header.fields and not doc.fields:
        work.diagnostics.append(
            Diagnostic("warning", "no header found: the whole file is read as the story", 1)
        )
    opening = None
    if layout.name in TEXT_LAYOUTS and not _labelled_header(header):
        opening = run_rule(
            work, "opening", read_opening, doc.lines, doc.numbers, 0, envelope.subject
        )
    body_start = header.body_start
    header_fields = header.fields
    envelope_fields = envelope.fields()
    if opening is not None:
        body_start, header_fields = opening.body_start, opening.fields
        if opening.facts.poster_not_author:
            envelope_fields = [f for f in envelope_fields if f.label != "From"]
    kb = run_rule(work, "knowledge", load_knowledge, default=None)
    if kb is not None:
        fields = envelope_fields + doc.fields + header_fields
        apply_fields(work, fields, doc, kb)
    facts = opening.facts if opening is not None else Facts()
    poem = _says_poem(work)
    story_end = run_rule(work, "story end", find_story_end, doc.lines, body_start, default=None)
    lines = doc.lines if story_end is None else doc.lines[: story_end.end]
    if story_end is not None:
        run_rule(work, "trailer", read_story_end, work, story_end, facts)
    blocks = run_rule(work, "body", segment, lines, body_start, doc.headings, poem, default=[])
    blocks = run_rule(work, "end notes", take_end_notes, work, blocks, default=blocks)
    run_rule(work, "prose facts", _apply_facts, work, facts)
    while blocks and blocks[-1].kind == "break":
        blocks = blocks[:-1]  # the rule above the notes or footer that left
    work.blocks = blocks
    work.chapters = run_rule(work, "chapters", split_chapters, blocks, default=[]) or []
    work.word_count = word_count(blocks)
    if kb is not None and not any(f.name == "characters" for f in header.fields + doc.fields):
        run_rule(work, "characters from text", _characters_from_text, work, kb)
    if not work.songs:
        work.songs = (
            run_rule(
                work,
                "songs",
                read_songs,
                [work.notes or "", work.summary or "", work.end_notes or ""],
                default=[],
            )
            or []
        )
    if work.language is None:
        sample = " ".join(b.text for b in blocks[:6])[:1000]
        work.language = run_rule(work, "language", guess_language, sample, default=None)
    if not work.title:
        work.diagnostics.append(
            Diagnostic("warning", "no title found in the header", header.header_start)
        )
    if not blocks:
        work.diagnostics.append(Diagnostic("error", "no story text found after the header", None))


TEXT_LAYOUTS = {"plain", "archive-text"}


def _labelled_header(header: HeaderResult) -> bool:
    """A classic header: a labelled Title, or three labelled fields of the strong kind."""
    labelled = [f for f in header.fields if f.label and f.source == "label"]
    if any(f.name == "title" for f in labelled):
        return True
    return sum(1 for f in labelled if f.name in STRONG) >= 3


def _apply_facts(work: ParsedWork, facts: Facts) -> None:
    """What the prose around the story said, where no field said it already."""
    if work.feedback.text is None and facts.feedback is not None:
        work.feedback = Feedback(facts.feedback_text, facts.feedback)
    if work.distribution.text is None and facts.permission is not None:
        text = " ".join((facts.permission_text or "").split())
        work.distribution = Distribution(text, [], facts.permission)  # type: ignore[arg-type]
    if work.rating == NOT_RATED and facts.explicit:
        work.rating = "Explicit"
    if not work.authors:
        name = facts.named_author or (facts.copyright_names[0] if facts.copyright_names else None)
        if name:
            work.authors.append(name)


POEM_WORD = re.compile(r"(?i)\b(?:poem|poetry|poésie|poesía|poesia|gedicht|стих\w*|verse)\b")


POEM_IN_SUMMARY = re.compile(r"(?i)\b(?:a|an|my|this)\s+(?:\w+\s+)?(?:poem|poetry)\b")


def _says_poem(work: ParsedWork) -> bool:
    """The header calls the work a poem: a "Poetry" genre or category, or "A poem" in the summary."""
    tags = [t for t in work.freeform if len(t) < 12]
    if tags and any(POEM_WORD.fullmatch(t.strip()) for t in tags):
        return True
    # In a summary only "poem" words count ("out in the 'verse" is Firefly's universe).
    return bool(work.summary and POEM_IN_SUMMARY.search(work.summary[:200]))


def _characters_from_text(work: ParsedWork, kb) -> None:
    """Without a Characters field, the characters the summary names or the story keeps naming."""
    body = " ".join(b.text for b in work.blocks[:20])[:4000]
    for name in characters_in_text(work.fandoms, work.summary or "", body, kb):
        if name not in work.characters:
            work.characters.append(name)
