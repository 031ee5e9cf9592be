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
from ficarchive.legacy.header import HeaderResult, LabelLine, parse_label_line, read_header
from ficarchive.legacy.knowledge import load_knowledge
from ficarchive.legacy.model import Block, Diagnostic, ParsedChapter, ParsedWork
from ficarchive.legacy.normalize.cast import characters_in_text
from ficarchive.legacy.normalize.fields import apply_fields
from ficarchive.legacy.normalize.language import guess_language
from ficarchive.legacy.normalize.permissions import read_distribution, read_feedback
from ficarchive.legacy.normalize.songs import read_songs
from ficarchive.legacy.rules import run_rule
from ficarchive.legacy.sources import REGISTRY, choose

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
    layout = run_rule(work, "choose source", choose, text, work.source, default=REGISTRY["plain"])
    doc = run_rule(work, f"source {layout.name}", layout.parse, text, work.source, default=None)
    if doc is None:
        doc = Document.from_text("plain", text)
    if doc.error:
        work.diagnostics.append(Diagnostic("error", doc.error))
        return
    header = run_rule(work, "header", read_header, doc, default=None) or HeaderResult()
    if header.header_start is None and not header.fields and not doc.fields:
        work.diagnostics.append(
            Diagnostic("warning", "no header found: the whole file is read as the story", 1)
        )
    kb = run_rule(work, "knowledge", load_knowledge, default=None)
    if kb is not None:
        fields = doc.fields + header.fields
        apply_fields(work, fields, doc, kb)
    poem = _says_poem(work)
    blocks = run_rule(
        work, "body", segment, doc.lines, header.body_start, doc.headings, poem, default=[]
    )
    blocks = run_rule(work, "end notes", _take_end_notes, work, blocks, default=blocks)
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


POEM_WORD = re.compile(r"(?i)\b(?:poem|poetry|poésie|poesía|poesia|gedicht|стих\w*|verse)\b")


POEM_IN_SUMMARY = re.compile(r"(?i)\b(?:a|an|my|this)\s+(?:\w+\s+)?(?:poem|poetry)\b")


def _says_poem(work: ParsedWork) -> bool:
    """The header calls the work a poem: a "Poetry" genre or category, or "A poem" in the summary."""
    tags = [t for t in work.freeform if len(t) < 12]
    if tags and any(POEM_WORD.fullmatch(t.strip()) for t in tags):
        return True
    # In a summary only "poem" words count ("out in the 'verse" is Firefly's universe).
    return bool(work.summary and POEM_IN_SUMMARY.search(work.summary[:200]))


TRAILER_LABELS = {"notes", "end_notes", "feedback", "distribution", "disclaimer", "comments"}
# "-- " on its own line; joined into a paragraph, "-- Name | address" with an address in it.
SIGNATURE = re.compile(r"^--(?:\s*(?:$|\n)| \S.*(?:@|https?:|www\.))")


def _take_end_notes(work: ParsedWork, blocks: list[Block]) -> list[Block]:
    """What the author put after the story leaves the body.

    "A/N: ..." and other labelled notes in the last paragraphs become end notes; a trailing
    "Feedback:", "Archive:" or "Disclaimer:" fills its field when the header had none; a mail
    signature ("-- " and a few lines) is dropped.
    """
    if len(blocks) < 3:
        return blocks
    end = len(blocks)
    for i in range(len(blocks) - 1, max(len(blocks) - 4, 0), -1):
        if (
            blocks[i].kind in ("paragraph", "verse")
            and SIGNATURE.match(blocks[i].text)
            and len(blocks[i].text) < 300
        ):
            end = i
    blocks = blocks[:end]
    while (
        len(blocks) > 2
        and blocks[-1].kind in ("paragraph", "heading", "verse")
        and _is_page_footer(blocks[-1].text)
    ):
        blocks = blocks[:-1]
    # The labelled paragraphs at the very end, earliest first.
    first = len(blocks)
    while first > 2 and len(blocks) - first < 4:
        block = blocks[first - 1]
        parsed = _trailer_line(block.text) if block.kind == "paragraph" else None
        if not parsed or parsed.name not in TRAILER_LABELS or not parsed.value:
            break
        if parsed.name in ("notes", "end_notes") and not re.match(
            r"(?i)^\W*(?:a/n|author|end|final|notes?\b)", block.text
        ):
            break
        first -= 1
    if first == len(blocks):
        # "A/N: ..." followed by a paragraph or two more of notes.
        for i in range(len(blocks) - 2, max(len(blocks) - 4, 1), -1):
            parsed = parse_label_line(blocks[i].text) if blocks[i].kind == "paragraph" else None
            if (
                parsed
                and parsed.name in ("notes", "end_notes")
                and parsed.value
                and re.match(r"(?i)^\W*(?:a/n|author'?s? note|end note)", blocks[i].text)
            ):
                tail = [parsed.value] + [b.text for b in blocks[i + 1 :] if b.kind == "paragraph"]
                text = "\n\n".join(tail)
                work.end_notes = f"{work.end_notes}\n\n{text}" if work.end_notes else text
                return blocks[:i]
        return blocks
    for trailer in blocks[first:]:
        _trailer_field(work, _trailer_line(trailer.text))
    return blocks[:first]


# "Feedback makes me write faster: me@example.org", "Archive it anywhere: just ask".
TRAILER_SENTENCE = re.compile(
    r"(?i)^(?P<label>(?P<word>feedback|comments|archiving|archive|disclaimer)\b[^:\n]{0,40}?)"
    r"\s*:\s*(?P<value>\S.{0,300})$"
)
# "Comments? Write to me.", "Feedback? Always welcome": the question is the label.
FEEDBACK_QUESTION = re.compile(r"(?i)^(?:feedback|comments|questions|c\s?&\s?c)\s*\?\s*\S.{0,200}$")
TRAILER_WORDS = {
    "feedback": "feedback",
    "comments": "feedback",
    "archive": "distribution",
    "archiving": "distribution",
    "disclaimer": "disclaimer",
}


def _trailer_line(text: str) -> LabelLine | None:
    """A labelled paragraph after the story, the label perhaps a whole phrase."""
    parsed = parse_label_line(text)
    if parsed is None and FEEDBACK_QUESTION.match(text):
        return LabelLine("feedback", "", text)
    if parsed is None or parsed.name is None:
        match = TRAILER_SENTENCE.match(text)
        if match:
            name = TRAILER_WORDS[match.group("word").casefold()]
            return LabelLine(name, match.group("label"), match.group("value").strip())
    return parsed


PAGE_FOOTER_MARK = re.compile(
    r"(?i)\b(?:back to|return to|home ?page|e-?mail me|mail me|next chapter|previous chapter"
    r"|next part|visitors since|hit counter|you are visitor|guestbook|sign my|site map)\b"
)
# Words of a link bar, counted only with its bars or arrows ("<< Previous | Index | Next >>").
NAV_WORD = re.compile(r"(?i)\b(?:previous|prev|next|index|contents|home|top|up)\b")
NAV_SHAPE = re.compile(r"\||<<|>>|«|»|←|→")


HASHTAGS = re.compile(r"^(?:#[^#\n]{1,60}(?:\s+|$)){2,}$")


def _is_page_footer(text: str) -> bool:
    """A web page's navigation and counter line ("Back to the Stories | Email me!"), or the
    post's tag list ("#steve harrington #my fic")."""
    if len(text) > 200:
        return HASHTAGS.match(text) is not None and len(text) < 1000
    if text[:1] == "#" and HASHTAGS.match(text):
        return True
    marks = len(PAGE_FOOTER_MARK.findall(text))
    if marks >= 2:
        return True
    if not NAV_SHAPE.search(text):
        return False
    return marks + len(NAV_WORD.findall(text)) >= (1 if len(text) < 120 else 2)


def _trailer_field(work: ParsedWork, parsed) -> None:
    if parsed is None or not parsed.value:
        return
    if parsed.name == "comments" and len(parsed.value) < 120:
        # "Comments: me@example.org" asks for feedback; longer comments are notes.
        feedback = read_feedback(parsed.value)
        if feedback.wanted is not None and work.feedback.text is None:
            work.feedback = feedback
            return
    if parsed.name == "feedback" and work.feedback.text is None:
        work.feedback = read_feedback(parsed.value)
    elif parsed.name == "distribution" and work.distribution.text is None:
        work.distribution = read_distribution(parsed.value)
    elif parsed.name == "disclaimer" and work.disclaimer is None:
        work.disclaimer = parsed.value
    elif parsed.name in ("notes", "end_notes", "comments"):
        work.end_notes = f"{work.end_notes}\n\n{parsed.value}" if work.end_notes else parsed.value


def _characters_from_text(work: ParsedWork, kb) -> None:
    """Without a Characters field, the characters the summary names or the story keeps naming."""
    body = " ".join(b.text for b in work.blocks[:20])[:4000]
    for name in characters_in_text(work.fandoms, work.summary or "", body, kb):
        if name not in work.characters:
            work.characters.append(name)
