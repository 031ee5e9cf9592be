"""What follows the story: end markers, signatures, sign-offs and notes leave the body.

Two passes. `find_story_end` works on lines, before the body is cut into blocks: the last end
marker ("THE END", "Fin", "END OF PART 2/5", "to be continued") and a mail signature ("-- ")
end the story, and what they say about the chapter is kept. `take_end_notes` works on the
last blocks: labelled notes ("A/N: ...", "Feedback: ...") fill their fields; sign-offs,
addresses, copyright boxes, page footers and the author's closing words leave the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from ficarchive.legacy.header import LabelLine, is_separator, last_paragraph_runs, parse_label_line
from ficarchive.legacy.labels import canonical_label
from ficarchive.legacy.model import Block, ChapterNumber, ParsedWork
from ficarchive.legacy.normalize.numbers import NUMBER_WORD, parse_number
from ficarchive.legacy.normalize.people import EMAIL, URL
from ficarchive.legacy.normalize.permissions import read_distribution, read_feedback
from ficarchive.legacy.normalize.prose import (
    COPYRIGHT_LINE,
    Facts,
    is_disclaimer,
    prose_feedback,
    prose_permission,
    read_facts,
)

DECORATION_RUN = re.compile(r"[-*=~_#<>\[\]()|^.]{2,}|[*=~_#<>\[\]()|^]")
END_MARKER = re.compile(
    rf"(?i)^(?:the\s+end|end|fin|fini|finis|finito|owari|конец|ende|einde|fim|koniec|konec|"
    rf"the\s+end\s+for\s+now|"
    rf"the\s+end\s+of\s+(?:part|chapter|book)\s+{NUMBER_WORD}(?:\s*(?:/|of)\s*{NUMBER_WORD})?|"
    rf"end\s+of\s+(?:part|chapter|book|story|file|section)(?:\s+{NUMBER_WORD}"
    rf"(?:\s*(?:/|of)\s*{NUMBER_WORD})?)?|end\s+(?:part|chapter)\s+{NUMBER_WORD}"
    rf"(?:\s*(?:/|of)\s*{NUMBER_WORD})?|to\s+be\s+continued|tbc|"
    rf"(?:tbc|to\s+be\s+continued)\s+(?:in|on)\s+(?:part|chapter)\s+{NUMBER_WORD}|"
    rf"(?:to\s+be\s+)?(?:continued|concluded)\s+in\s+(?:part|chapter)\s+{NUMBER_WORD}|"
    rf"more\s+to\s+come)\W*$"
)
# "-30-", "— 30 —": the newsroom's end of copy, which some writers kept.
NEWSROOM_END = re.compile(r"^[-–—=~*\s]*[-–—]\s*30\s*[-–—][-–—=~*\s]*$")
# Dashes, tildes and bullets around a marker ("—finis—", "~ Fin ~", "• end •").
EDGE_MARKS = re.compile(r"^[\s\-–—~•·]+|[\s\-–—~•·]+$")
# Every end marker holds one of these (lower case): a substring test comes before the regex.
MARKER_WORDS = (
    "end",
    "fin",
    "owari",
    "конец",
    "einde",
    "fim",
    "konie",
    "konec",
    "slut",
    "continued",
    "concluded",
    "tbc",
    "come",
    "30",
)
# Words that are an end marker only in capitals or set off by marks: "FINE" (Italian), "SLUT"
# (Swedish); alone as "Fine." they are a line of dialogue.
SHOUTED_MARKERS = frozenset({"FINE", "SLUT"})
MARKER_THEN_MORE = re.compile(
    r"(?i)^(?P<marker>\W{0,3}(?:(?:the\s+)?end\s+of\s+(?:part|chapter|book)|to\s+be\s+continued)"
    r"[^.!?]{0,30}[.!?…]+)\s+\S"
)
PART_OF = re.compile(
    rf"(?i)(?:part|chapter|book|section)\s+(?P<number>{NUMBER_WORD})(?:\s*(?:/|of)\s*(?P<total>{NUMBER_WORD}))?"
)
SIG_DELIMITER = re.compile(r"^--\s*$|^--\s?(?P<name>[A-Za-z][\w.'-]*(?:\s[A-Z][\w.'-]*){0,2})\s*$")
# "continued in", "to be continued in", "concluded in": the part named after is the next one.
NEXT_PART = re.compile(
    r"(?i)\b(?:continued|continues|concluded|concludes|tbc)\s+(?:in|on|with)\s*$"
)
TAIL_LINES = 60  # signatures and markers are looked for in the last lines only
NOTES_HEADING = re.compile(r"^[_*\s]*(?P<label>[A-Za-z][A-Za-z'/ ]{1,24}?)[_*\s]*:?\s*$")


@dataclass
class StoryEnd:
    """Where the story's lines end and what the end marker said."""

    end: int
    marker: str | None = None
    chapter: ChapterNumber | None = None
    continued: bool = False
    trailer: list[str] = field(default_factory=list)


def marker_text(line: str) -> str:
    """A line without rules and decoration: "****The End****" -> "The End"."""
    return " ".join(EDGE_MARKS.sub("", DECORATION_RUN.sub(" ", line)).split())


def is_end_marker(line: str) -> bool:
    """THE END, Fin, END OF PART 2/5, to be continued... alone on a line."""
    text = line.strip()
    if not text or len(text) > 100:
        return False
    folded = text.casefold()
    if not any(word in folded for word in MARKER_WORDS):
        return False  # a cheap first test: most lines near the end are prose
    if "30" in text and NEWSROOM_END.match(text):
        return True
    marker = marker_text(text)
    if END_MARKER.match(marker) is not None:
        return True
    if marker.rstrip(".!") in SHOUTED_MARKERS or (
        marker != text.rstrip(".!") and marker.casefold() in ("fine", "slut")
    ):
        return True
    # "End of part two.  Part three tomorrow night.": the marker, and a word on what comes next.
    lead = MARKER_THEN_MORE.match(text)
    return lead is not None and END_MARKER.match(marker_text(lead.group("marker"))) is not None


def find_story_end(lines: list[str], start: int, names: tuple[str, ...] = ()) -> StoryEnd:
    """The index after the story's last line: before the last end marker or signature, or
    before the author's closing words (`names`: the author's names, as the opening gave them)."""
    end = len(lines)
    tail_start = max(start, _tail_start(lines, start))
    story_end = StoryEnd(end)
    for i in range(end - 1, tail_start - 1, -1):
        text = lines[i].strip()
        if not text or len(text) > 100:
            continue  # prose: no marker, signature delimiter or notes heading is this long
        if text[:2] == "--" and _signature_delimiter(text) and _quiet_after(lines, i):
            end = i
        elif text[:1] in "Cc(©" and COPYRIGHT_NOTICE.match(text) and _in_last_part(start, i, end):
            end = i  # "Copyright 1995 Ann Lee" under the story: the notice and notes after it
        elif is_end_marker(text) or (len(text) < 40 and _notes_heading(lines, i)):
            end = i
            if story_end.marker is None or is_end_marker(text):
                _read_marker(story_end, text)
            break
    end = _trim(lines, start, end, story_end)
    if story_end.marker is None:
        end = _trim(
            lines, start, closing_start(lines, max(start, tail_start), end, names), story_end
        )
    story_end.end = end
    story_end.trailer = lines[end:]
    return story_end


# "Copyright 1995 Ann Lee", "(c) 2001 by Ann Lee": a notice line of its own.
COPYRIGHT_NOTICE = re.compile(
    r"(?i)^(?:copyright|\(c\)|©)(?:\s*(?:\(c\)|©))?\s*(?:19|20)\d\d\b[^.!?]{0,60}[.!]?$"
)


def _in_last_part(start: int, i: int, end: int) -> bool:
    """Line `i` is past the middle of the story's lines (a notice above that is a header's)."""
    return (i - start) * 2 >= end - start


MAX_CLOSING = 6  # paragraphs of closing words looked at, from the end
MAX_CLOSING_TEXT = 400  # a longer paragraph is the story's
SIGNATURE_NAME = re.compile(r"^[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,2}$")
SIGN_OFF = re.compile(r"^-{1,2}\s*[^\W\d_][\w.' -]{0,40}$")
CLOSING_PHRASE = re.compile(
    r"(?i)\bhope you (?:enjoy|like|liked|have enjoyed)|\bthanks? (?:you )?(?:for|to)\b|"
    r"^thanks?(?: you)?\W*$|^thanks?\b[,.!]|\be-?mail me\b|\bfeedback\b|"
    r"\b(?:comments?|concrit)(?: and (?:concrit|comments?|feedback))? (?:are|is|welcome)|\blet me know\b|\bdedicated to\b|\bthat(?:'s| is) the end\b|"
    r"\bplease (?:read and )?review\b|\bread (?:and|&) review\b|\bR ?& ?R\b|"
    r"^(?:next|coming up|in the next) (?:chapter|part|time|installment|episode)\b\s*[:.!-]|"
    r"^next\s*:\s*\S"
)

# Every `CLOSING_PHRASE` and `COPYRIGHT_LINE` match holds one of these (case-folded): quick
# tests before the regexes, which cost tens of microseconds on a paragraph of prose.
CLOSING_WORDS = (
    "hope you",
    "thank",
    "mail me",
    "feedback",
    "comment",
    "concrit",
    "let me know",
    "dedicated to",
    "the end",
    "next ",
    "next:",
    "coming up",
    "review",
    "r&r",
    "r & r",
)
COPYRIGHT_WORDS = ("copyright", "(c)", "all rights reserved", "(tm)", "©")


def closing_start(lines: list[str], start: int, end: int, names: tuple[str, ...] = ()) -> int:
    """Where the author's closing words begin, above `end`: sign-offs, addresses, thanks,
    dedications and copyright notes after the story's last paragraph (else `end`).

    Walking up from the end, paragraphs that say something about the story or its author
    ("strong") move the cut; short lines between them ("weak") are taken along; a rule above
    closing words is where they begin. The first paragraph of another kind stops the walk.
    """
    runs = last_paragraph_runs(lines, start, end, MAX_CLOSING)
    cut = end
    links_only = False  # so far only short unpunctuated lines: link text ("More stories")
    for n in range(len(runs) - 1, -1, -1):
        first, stop = runs[n]
        raw = [lines[k].strip() for k in range(first, stop)]
        kind = _closing_kind(raw, names)
        if kind == "strong":
            cut = first
        elif kind == "rule":
            if cut < end:
                cut = first
                if _signed_between_rules(lines, runs, n):
                    cut = runs[n - 2][0]  # "=====" / "Nan" / "-----" / a list's footer
            elif links_only:
                cut = first  # a page's link line under a rule: walk on above the rule
                links_only = False
                continue
            break
        elif kind != "weak":
            break
        elif cut == end:
            links_only = len(raw) == 1 and LINK_TEXT.match(raw[0]) is not None
    return cut


def _signed_between_rules(lines: list[str], runs: list[tuple[int, int]], n: int) -> bool:
    """Above the rule `runs[n]`: a lone short name line, and a rule above that (a signature
    set between rules over a mailing list's footer)."""
    if n < 2:
        return False
    (name_first, name_stop), (rule_first, rule_stop) = runs[n - 1], runs[n - 2]
    name = lines[name_first].strip()
    return (
        name_stop - name_first == 1
        and len(name) <= 30
        and SIGNED.match(name) is not None
        and rule_stop - rule_first == 1
        and is_separator(lines[rule_first].strip())
    )


# A link's text alone on a line: short, no sentence end ("More stories", "Story Title · Site").
LINK_TEXT = re.compile(r"^[^\s\"“'‘«(\[](?:[^.!?\"”'’»:;]|[.'’](?=\w)){0,58}[^\s.!?,;:\"”'’»)\]]$")


def _closing_kind(raw: list[str], names: tuple[str, ...] = ()) -> str | None:
    """ "rule", "strong" (closing words), "weak" (a short line) or None (the story).

    A short paragraph that names the author ("Happy holidays from Ann Lee!") is strong."""
    if all(is_separator(line) for line in raw):
        return "rule"
    text = " ".join(raw)
    if len(text) > MAX_CLOSING_TEXT:
        return None
    if ("@" in text and EMAIL.search(text)) or (
        ("://" in text or "www." in text) and URL.search(text)
    ):
        return "strong"
    if text[:1] in "\"“'‘«":
        return None  # dialogue
    if ":" in raw[0][:40] and _notes_label(raw[0]):
        return "strong"  # "A few notes: I wrote this for ..."
    if all(":" in line[:40] and _mail_header(line) for line in raw):
        return "strong"  # "REMOTE_HOST: ...": the mailer's lines under a form's echo
    if (SIGN_OFF.match(raw[0]) or SIGNATURE_NAME.match(raw[0])) and len(raw) <= 4:
        return "strong"  # "-Ann", "--ann", or "Ann Lee" over a quotation: a signature
    folded = text.casefold()
    if (
        (any(word in folded for word in COPYRIGHT_WORDS) and COPYRIGHT_LINE.search(text))
        or is_disclaimer(text)
        or (any(word in folded for word in CLOSING_WORDS) and CLOSING_PHRASE.search(text))
    ):
        return "strong"
    if len(text) <= 200 and any(len(n) >= 5 and n.casefold() in folded for n in names):
        return "strong"
    return "weak" if len(text) <= 80 else None


def _mail_header(line: str) -> bool:
    parsed = parse_label_line(line)
    return parsed is not None and parsed.name == "mailheader"


def _tail_start(lines: list[str], start: int) -> int:
    """Index of the first of the last `TAIL_LINES` non-blank lines."""
    seen = 0
    for i in range(len(lines) - 1, start - 1, -1):
        if lines[i].strip():
            seen += 1
            if seen >= TAIL_LINES:
                return i
    return start


def _signature_delimiter(text: str) -> bool:
    """ "-- " or "-- Ann" over a signature; "--End--" is an end marker, not a signature."""
    return SIG_DELIMITER.match(text) is not None and not is_end_marker(text)


def _quiet_after(lines: list[str], i: int) -> bool:
    """Few lines follow a signature delimiter (a signature is short)."""
    return sum(1 for line in lines[i + 1 : i + 40] if line.strip()) <= 12 and not any(
        line.strip() for line in lines[i + 40 : i + 41]
    )


def _notes_label(line: str) -> bool:
    """The line opens with a notes label ("Notes:", "A few notes:", "Author's afterword:")."""
    parsed = parse_label_line(line)
    return bool(parsed and parsed.name in ("notes", "end_notes"))


def _notes_heading(lines: list[str], i: int) -> bool:
    """ "End Notes" or "Author's Notes:" alone on a line, under a blank line or a rule."""
    text = lines[i].strip()
    match = NOTES_HEADING.match(text) if len(text) < 40 else None
    if not match or canonical_label(match.group("label")) not in ("notes", "end_notes"):
        return False
    before = lines[i - 1].strip() if i > 0 else ""
    return not before or is_separator(before)


def _read_marker(story_end: StoryEnd, text: str) -> None:
    clean = marker_text(text)
    story_end.marker = clean
    if re.search(r"(?i)continued|tbc|more to come|for now", clean):
        story_end.continued = True
    part = PART_OF.search(clean)
    if part:
        number = parse_number(part.group("number"))
        total = parse_number(part.group("total")) if part.group("total") else None
        if number is not None and NEXT_PART.search(clean[: part.start()]):
            # "Continued in part 3": the part that comes next; this one is the part before it.
            number = number - 1 if number > 1 else None
        if number is not None:
            story_end.chapter = ChapterNumber(number, total)


def _trim(lines: list[str], start: int, end: int, story_end: StoryEnd) -> int:
    """Step back over blank lines, rules and further end markers above the end."""
    while end > start:
        text = lines[end - 1].strip()
        if not text or is_separator(text):
            end -= 1
        elif is_end_marker(text):
            if story_end.marker is None:
                _read_marker(story_end, text)
            end -= 1
        else:
            break
    return end


TRAILER_LABELS = {"notes", "end_notes", "feedback", "distribution", "disclaimer", "comments"}
# "-- " on its own line; joined into a paragraph, "-- Name | address" with an address in it.
SIGNATURE = re.compile(r"^--(?:\s*(?:$|\n)| \S.*(?:@|https?:|www\.))")


def take_end_notes(work: ParsedWork, blocks: list[Block]) -> list[Block]:
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


def _trailer_field(work: ParsedWork, parsed: LabelLine | None) -> None:
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


# An address alone on its line ("ann@example.org", "<http://example.org/ann/>").
BARE_ADDRESS = re.compile(
    r"^\W{0,2}(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\W{0,2}$|^\W{0,2}https?://\S+$"
)
MAX_WISH = 200  # characters of a paragraph that is only an archiving or feedback wish
# "Back to Ann's fiction", "Return to the index": a page's link home, alone in its paragraph.
BACK_LINK = re.compile(r"(?i)^\W{0,3}(?:back|return|go back|home) to\b.{0,60}$")


def _only_a_wish(text: str) -> bool:
    """A short paragraph that asks for feedback or says where the story may go, and no more."""
    if len(text) > MAX_WISH or _trailer_line(text) is not None:
        return False
    # A sentence without a letter ("<3", ":)") says nothing either way.
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if any(c.isalpha() for c in s)]
    return bool(sentences) and all(
        prose_permission(s) is not None or prose_feedback(s) is not None for s in sentences
    )


def trailer_paragraphs(lines: list[str]) -> list[str]:
    """The trailer's paragraphs, up to a signature delimiter; markers and rules left out. An
    address alone on a line is a paragraph of its own."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        text = line.strip()
        if text.startswith("--") and _signature_delimiter(text):
            break
        if not text or is_separator(text) or is_end_marker(text):
            if current:
                paragraphs.append(" ".join(current))
            current = []
            continue
        labelled = _trailer_line(text) if current else None
        if (labelled is not None and labelled.name) or (current and BARE_ADDRESS.match(text)):
            paragraphs.append(" ".join(current))  # "Feedback: ..." under "Archive: ..."
            current = []
        current.append(text)
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def trailer_facts(story_end: StoryEnd, facts: Facts) -> None:
    """What the prose after the story says (feedback, permission, names), into `facts`."""
    for text in trailer_paragraphs(story_end.trailer)[:40]:
        read_facts(text, facts)
    facts.signed_name = facts.signed_name or signed_name(story_end.trailer)


# "Cheers for now," / "Thanks," / "Love," over a name: the writer signing off.
SIGN_OFF_LEAD = re.compile(r"^[^\W\d_][^,.;:!?]{0,30},$")
SIGNED = re.compile(r"^-{0,2}\s*(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,2})\s*$")


def signed_name(lines: list[str]) -> str | None:
    """The name the writer signs the closing words with, in the last lines ("Thanks,\nAnn Lee",
    "-Ann Lee")."""
    text = [line.strip() for line in lines[-TAIL_LINES:] if line.strip()]
    found = None
    for lead, below in pairwise(["", *text]):
        signed = SIGNED.match(below) if SIGN_OFF_LEAD.match(lead) or below[:1] == "-" else None
        if signed and len(signed.group("name").split()) >= (1 if below[:1] != "-" else 2):
            found = signed.group("name")
    return found


def read_story_end(work: ParsedWork, story_end: StoryEnd) -> None:
    """What the end marker and the lines after the story say, into the work."""
    if story_end.chapter is not None and work.chapter is None:
        work.chapter = story_end.chapter
        work.note_source("chapter", "prose", 0.7)
    notes = []
    for text in trailer_paragraphs(story_end.trailer)[:40]:
        if BARE_ADDRESS.match(text) or _only_a_wish(text) or BACK_LINK.match(text):
            continue  # the author's address, an archiving or feedback wish: fields, not notes
        parsed = _trailer_line(text)
        if parsed and parsed.name in TRAILER_LABELS and parsed.value:
            _trailer_field(work, parsed)
            continue
        if is_disclaimer(text) and work.disclaimer is None:
            work.disclaimer = text
            continue
        notes.append(text)
    if story_end.continued and story_end.marker:
        notes.insert(0, story_end.marker)
    if notes and work.end_notes is None:
        work.end_notes = "\n\n".join(notes)
