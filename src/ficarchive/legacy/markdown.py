"""Markdown to plain text lines: what a reader sees, without the markup.

Inline: backslash escapes (`\\-` is "-"), emphasis (`*x*`, `**x**`, `_x_`), code spans, links
(`[text](url)` is "text"), images (dropped), autolinks, inline HTML tags and entities.
Blocks: ATX headings (`# Title`, remembered as headings with their level), thematic breaks
(`---`, `* * *`: a scene-break line), block quotes (their text kept), lines holding only
no-break spaces (blank). Every rule is one regex pass or a plain scan, so the cost is linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

BREAK_LINE = "* * *"

# An escaped ASCII punctuation character stands for itself; while the other rules run it is
# held as a private-use character so that an escaped "*" or "[" is never read as markup.
HELD_BASE = 0xE100
HELD = re.compile("[\ue121-\ue17e]")
ESCAPABLE = "\\" + "".join(
    chr(c) for c in range(0x21, 0x7F) if not chr(c).isalnum() and chr(c) != "\\"
)
RELEASE = {HELD_BASE + ord(c): c for c in ESCAPABLE}
CODE_SPAN = re.compile(r"(?<!`)(`{1,3})(?!`)([^`\n]{1,1000}?)\1(?!`)")
# Link and image texts may hold one level of brackets ("[![[info]](icon.gif)](profile)").
BRACKETED = r"\[(?:[^\[\]\n]|\[[^\[\]\n]{0,200}\]){0,500}\]"
DESTINATION = r"\((?:[^()\s]|\([^()\s]{0,500}\)){0,2000}(?:\s+[\"'][^\"'\n]{0,500}[\"'])?\)"
IMAGE = re.compile(rf"!{BRACKETED}{DESTINATION}")
LINK = re.compile(rf"\[(?P<text>[^\[\]\n]{{0,1000}})\](?:{DESTINATION}|\[[^\[\]\n]{{0,200}}\])")
AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]{1,2000})>")
HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]{0,30}(?:\s[^<>]{0,2000})?/?>|<!--[^<>]{0,2000}-->")
# A run of "*" or "_" that opens (follows a space or punctuation, precedes text) or closes
# (follows text, precedes a space or punctuation) emphasis. Inside a word it stays ("f*ck").
EMPHASIS = re.compile(r"(?<![\w*_])[*_]+(?=[^\s*_])|(?<=[^\s*_])[*_]+(?![\w*_])")
# A Jekyll template tag ("{% include note.html %}"), never text.
LIQUID_TAG = re.compile(r"\{%[^%\n]{0,500}%\}")
STRIKE = re.compile(r"(?<!~)~~(?=\S)|(?<=\S)~~(?!~)")

HEADING = re.compile(r"^ {0,3}(?P<marks>#{1,6})(?:[ \t]|$)")
CLOSING_HASHES = re.compile(r"(?:^|[ \t])#+$")
THEMATIC_BREAK = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")
BLOCK_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
FENCE = re.compile(r"^ {0,3}(```|~~~)")
BLANK = re.compile(r"^[\s\u00a0\u200b\u2002-\u200a\u202f\u3000]*$")


def _hold(text: str) -> str:
    """Each `\\x` as its private-use stand-in (an escaped backslash first, as a reader would)."""
    for char in ESCAPABLE:
        escaped = "\\" + char
        if escaped in text:
            text = text.replace(escaped, chr(HELD_BASE + ord(char)))
    return text


def render_inline(text: str) -> str:
    """One line (or value) of markdown as the text a reader sees."""
    if not text:
        return text
    if "\\" in text:
        text = _hold(text)
    if "`" in text:
        text = CODE_SPAN.sub(lambda m: m.group(2).strip(), text)
    if "[" in text:
        if "![" in text:
            text = IMAGE.sub("", text)
        # Links inside link texts ("[[x](a)](b)") come out one level per pass.
        for _ in range(3):
            linked = LINK.sub(lambda m: m.group("text"), text)
            if linked == text:
                break
            text = linked
    if "{%" in text:
        text = LIQUID_TAG.sub("", text)
    if "<" in text:
        text = AUTOLINK.sub(r"\1", text)
        text = HTML_TAG.sub("", text)
    if "*" in text or "_" in text:
        text = EMPHASIS.sub("", text)
    if "~~" in text:
        text = STRIKE.sub("", text)
    if "&" in text:
        text = unescape(text)
    if HELD.search(text):
        text = text.translate(RELEASE)
    return text


@dataclass
class MarkdownLines:
    """Rendered lines, each with its source line number; heading lines and their levels."""

    lines: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    levels: dict[int, int] = field(default_factory=dict)  # index of a heading line -> level
    quoted: set[int] = field(default_factory=set)  # indexes of lines inside a block quote

    @property
    def headings(self) -> set[int]:
        return set(self.levels)

    def add(self, text: str, number: int, level: int = 0) -> None:
        """One more line (a heading of `level` when not 0)."""
        if level:
            self.levels[len(self.lines)] = level
        self.lines.append(text)
        self.numbers.append(number)

    def alone(self, text: str, number: int, level: int = 0) -> None:
        """A line that stands between blank lines: a heading, a rule."""
        if self.lines and self.lines[-1]:
            self.add("", number)
        self.add(text, number, level)
        self.add("", number)


def markdown_to_lines(lines: list[str], first_number: int = 1) -> MarkdownLines:
    """Render markdown block by block; a heading or a rule stands alone between blank lines."""
    out = MarkdownLines()
    fenced = ""
    for offset, line in enumerate(lines):
        number = first_number + offset
        if fenced:
            if line.strip().startswith(fenced):
                fenced = ""
            else:
                out.add(line.rstrip(), number)
            continue
        fence = FENCE.match(line)
        if fence:
            fenced = fence.group(1)
            continue
        _block_line(out, line, number)
    return out


def _block_line(out: MarkdownLines, line: str, number: int) -> None:
    """One line outside code fences: blank, rule, heading, setext underline, or text."""
    quoted = BLOCK_QUOTE.match(line)
    if quoted:
        line = line[quoted.end() :]
    if BLANK.match(line):
        out.add("", number)
    elif THEMATIC_BREAK.match(line):
        out.alone(BREAK_LINE, number)
    elif heading := HEADING.match(line):
        _heading(out, line[heading.end() :], len(heading.group("marks")), number)
    elif not _setext_underline(out, line, number):
        if quoted:
            out.quoted.add(len(out.lines))
        out.add(render_inline(line.rstrip()).rstrip(), number)


def _heading(out: MarkdownLines, rest: str, level: int, number: int) -> None:
    """`## Title ##`: the title (what follows the marks), rendered, as a heading of `level`."""
    text = rest.strip()
    if text.endswith("#"):
        text = CLOSING_HASHES.sub("", text).rstrip()
    text = render_inline(text).strip()
    if text:
        out.alone(text, number, level)


def _setext_underline(out: MarkdownLines, line: str, number: int) -> bool:
    """ "Title" underlined with "===": the line above becomes a heading (True when so)."""
    if not SETEXT_H1.match(line) or not out.lines or not out.lines[-1]:
        return False
    previous = len(out.lines) - 1
    if previous and out.lines[previous - 1]:
        return False
    out.levels[previous] = 1
    out.add("", number)
    return True
