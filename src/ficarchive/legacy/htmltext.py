"""HTML to lines of text: sanitize with nh3 first, then walk the clean markup.

Block elements become paragraphs (separated by a blank line), `<br>` becomes a line end inside a
paragraph, `<hr>` becomes a scene-break line, headings are remembered as headings. Each line keeps
the HTML line it came from (for diagnostics) and the region it belongs to (for sources that know
their page layout, such as eFiction's infobox and chapter divs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from itertools import accumulate, repeat

import nh3

from ficarchive.legacy.labels import canonical_label
from ficarchive.sanitize.linear import nh3_clean

ALLOWED_TAGS = set(
    [
        "a",
        "abbr",
        "b",
        "big",
        "blockquote",
        "br",
        "center",
        "cite",
        "code",
        "dd",
        "del",
        "div",
        "dl",
        "dt",
        "em",
        "font",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "ins",
        "li",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "tt",
        "u",
        "ul",
        "lj",
        "user",
        "article",
        "section",
        "header",
        "footer",
        "main",
        "aside",
        "nav",
        "figure",
        "figcaption",
        "address",
    ]
)
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id"},
    "lj": {"user", "comm"},
    "user": {"name", "site"},
    "a": {"name"},
}
DROPPED_WITH_CONTENT = {"script", "style", "title", "head", "noscript", "select", "textarea"}

BLOCK_TAGS = set(
    [
        "p",
        "div",
        "blockquote",
        "center",
        "table",
        "tr",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "pre",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "article",
        "section",
        "header",
        "footer",
        "main",
        "aside",
        "nav",
        "figure",
        "figcaption",
        "address",
        "tbody",
        "thead",
        "tfoot",
    ]
)
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
CELL_TAGS = {"td", "th"}
BREAK_LINE = "* * *"
CELL = "\ue000"  # between table cells until the row is read (private use, not whitespace)


# More "<" than this (a work of a million words) and the page is refused; nesting depth and long
# attribute lists are bounded for every nh3 call (`ficarchive.sanitize.bounds`).
MAX_TAGS = 200_000


class MarkupRefused(ValueError):
    """A page with more markup than any story page holds; it is not parsed."""


def bound_markup(html: str) -> str:
    """`html`, refused with `MarkupRefused` when it holds more than `MAX_TAGS` tags."""
    tags = html.count("<")
    if tags > MAX_TAGS:
        raise MarkupRefused(
            f"the page holds {tags} tags, more than the {MAX_TAGS} a story page may have"
        )
    return html


# Built once: nh3 otherwise builds its policy again on every call.
_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    clean_content_tags=DROPPED_WITH_CONTENT,
    link_rel=None,
    strip_comments=True,
)


def sanitize(html: str) -> str:
    """Clean untrusted HTML with nh3: only harmless tags and the class/id attributes stay."""
    return nh3_clean(html, _CLEANER)


@dataclass
class HtmlLines:
    """Text lines of a page with, per line, its HTML line number, region and heading flag."""

    lines: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    headings: set[int] = field(default_factory=set)


INLINE = re.compile(
    r"</?(?:a|abbr|b|big|cite|code|del|em|font|i|ins|lj|q|s|small|span|strike|strong|sub|sup|tt|u|user)"
    r"(?:\s[^>]*)?>"
)
# The spaces are taken whole (possessive): a long run of them after a <b> would otherwise be
# handed back one space at a time to the label and tried again, its length squared.
BOLD_LABEL = re.compile(r"<(b|strong)>\s*+([^<:]{1,30}?)\s*+</\1>(?=\s*+[^\s:<])")


def _bold_label(match: re.Match) -> str:
    """`<b>Title</b> Moving Day`: a bold known label without its colon gets one."""
    label = match.group(2)
    if canonical_label(label):
        return f"<{match.group(1)}>{label}:</{match.group(1)}>"
    return match.group(0)


LJ_USER = re.compile(r"<(?:lj\s+(?:user|comm)|user\s+name)=\"([^\"]*)\"[^>]*>")
SIMPLE_TEXT = re.compile(r"<p>([^<]*)</p>")
TOKEN = re.compile(
    r"(?P<simple><p>[^<]*</p>(?:\s*<p>[^<]*</p>)*)|<(?P<close>/?)(?P<tag>[a-zA-Z][a-zA-Z0-9-]*)(?P<attrs>[^>]*)>|<!--.*?-->|<![^>]*>|<\?[^>]*>",
    re.DOTALL,
)
ATTRIBUTE = re.compile(r"""([a-zA-Z_:][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


UNUSUAL_SPACE = re.compile(
    "[\t\n\r\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)


UNUSUAL_INLINE_SPACE = re.compile(
    "[\t\r\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)


def squash(text: str) -> str:
    """Whitespace runs to single spaces, ends trimmed (skipping the work when already so)."""
    if "  " in text or text[:1] == " " or text[-1:] == " " or UNUSUAL_SPACE.search(text):
        return " ".join(text.split())
    return text


def _regular_squash(text: str) -> str:
    """`squash` of text whose only white space is single spaces and line ends: a line end
    between words becomes a space (no list of words is made unless white space doubles up)."""
    if "\n" in text:
        text = text.replace("\n", " ")
        if "  " in text:
            return " ".join(text.split())
    return text.strip(" ") if text[:1] == " " or text[-1:] == " " else text


class _Walker:
    """Walks sanitized HTML with one regex (nh3's output is regular enough for that)."""

    def __init__(self, regions: dict[str, str], skip: set[str]) -> None:
        self.lineno = 1
        self.region_names = regions
        self.skip_names = skip
        self.out = HtmlLines()
        self.current: list[str] = []
        self.has_text = False  # does `current` hold more than whitespace (kept, not re-joined)
        self.current_line = 1
        self.stack: list[tuple[str, str | None, bool]] = []  # tag, region, skipping
        self.region = "page"
        self.skipping = 0
        self.in_heading = 0
        self.heading_line = False
        self.in_pre = 0
        self.saw_cell = False

    # -- text assembly -------------------------------------------------------------------------
    def _flush_line(self) -> None:
        text = "".join(self.current)
        self._clear()
        text = text if self.in_pre else squash(text)
        if not text:
            return
        index = len(self.out.lines)
        self.out.lines.append(text)
        self.out.numbers.append(self.current_line)
        self.out.regions.append(self.region)
        if self.heading_line:
            self.out.headings.add(index)
        self.heading_line = False

    def _end_block(self) -> None:
        self._flush_line()
        if self.out.lines and self.out.lines[-1] != "":
            self.out.lines.append("")
            self.out.numbers.append(self.getpos()[0])
            self.out.regions.append(self.region)

    def _clear(self) -> None:
        self.current = []
        self.has_text = False

    def _append(self, text: str) -> None:
        self.current.append(text)
        if not self.has_text and text.strip():
            self.has_text = True

    def _mark_line(self) -> None:
        if not self.has_text:
            self.current_line = self.getpos()[0]

    # -- tokenizer -------------------------------------------------------------------------------
    def getpos(self) -> tuple[int, int]:
        return self.lineno, 0

    def _simple_paragraphs(self, run: str) -> None:
        """A run of `<p>` elements holding only text (the common case once inline markup is gone)."""
        self._end_block()
        pieces = run.split("</p>")
        raw = SIMPLE_TEXT.findall(run)
        if "  " in run or (
            any(c in run for c in "\t\r\x0b\x0c\x1c\x1d\x1e\x1f")
            if run.isascii()
            else UNUSUAL_INLINE_SPACE.search(run)
        ):
            texts = [squash(text) for text in raw]
        else:
            # Regular spacing (the common case): only line ends and edge spaces to deal with.
            texts = [
                _regular_squash(t) if "\n" in t or t[:1] == " " or t[-1:] == " " else t for t in raw
            ]
        starts = list(accumulate(map(str.count, pieces, repeat("\n")), initial=self.lineno))
        kept = [(text, line) for text, line in zip(texts, starts, strict=False) if text]
        # Each paragraph and the blank line after it, filled in by slices rather than per line.
        lines: list[str] = [""] * (2 * len(kept))
        numbers: list[int] = lines.copy()  # type: ignore[assignment]
        lines[::2] = [text for text, _ in kept]
        numbers[::2] = numbers[1::2] = [line for _, line in kept]
        self.out.lines += lines
        self.out.numbers += numbers
        self.out.regions += [self.region] * len(lines)
        self.lineno = starts[-1]

    def feed(self, html: str) -> None:
        position = 0
        for match in TOKEN.finditer(html):
            start = match.start()
            if start > position:
                self.handle_data(html[position:start])
                self.lineno += html.count("\n", position, start)
            simple = match.group("simple")
            if simple is not None:
                if not self.skipping and not self.in_pre:
                    self._simple_paragraphs(simple)
                else:
                    self.lineno += simple.count("\n")
                position = match.end()
                continue
            if match.group("tag"):
                tag = match.group("tag").lower()
                if match.group("close"):
                    self.handle_endtag(tag)
                else:
                    attrs: list[tuple[str, str | None]] = [
                        (m.group(1).lower(), unescape(m.group(2) or m.group(3) or m.group(4) or ""))
                        for m in ATTRIBUTE.finditer(match.group("attrs"))
                    ]
                    self.handle_starttag(tag, attrs)
                    if match.group("attrs").rstrip().endswith("/") and tag not in ("br", "hr"):
                        self.handle_endtag(tag)
            self.lineno += match.group(0).count("\n")
            position = match.end()
        if position < len(html):
            self.handle_data(html[position:])

    # -- parser callbacks ----------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not attrs and tag in BLOCK_TAGS and not self.skipping and tag not in HEADING_TAGS:
            # The common case (<p>, <div>): end the block, remember the tag.
            self._end_block()
            self.stack.append((tag, self.region, False))
            if tag == "pre":
                self.in_pre += 1
            return
        values = dict(attrs)
        # Class names in their order, then the id: the first that names a region decides.
        names = [n for key in ("class", "id") for n in (values.get(key) or "").split()]
        region = next((self.region_names[n] for n in names if n in self.region_names), None)
        skip = not self.skip_names.isdisjoint(names)
        if tag in ("br", "hr"):
            if self.skipping:
                pass
            elif tag == "br":
                self._line_break()
            else:
                self._rule()
            return
        if tag in BLOCK_TAGS and not self.skipping:
            self._end_block()
        self.stack.append((tag, self.region, skip))
        if region and not self.skipping:
            self._end_block()
            self.region = region
        if skip:
            self.skipping += 1
        if tag in HEADING_TAGS:
            self.in_heading += 1
        if tag == "pre":
            self.in_pre += 1
        if tag in CELL_TAGS and not self.skipping and self.has_text:
            self.current.append(CELL)
            self.saw_cell = True
        if tag == "lj" and not self.skipping:
            user = values.get("user") or values.get("comm")
            if user:
                self._mark_line()
                self._append(user)

    def _line_break(self) -> None:
        if self.has_text:
            self._flush_line()
        else:
            # Two line breaks in a row end a paragraph (journals use <br><br> for <p>).
            self._clear()
            self._end_block()

    def _rule(self) -> None:
        self._end_block()
        self._append(BREAK_LINE)
        self._end_block()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("br", "hr"):
            return
        # Close up to the matching open tag (HTML in the wild does not always close in order).
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                break
        else:
            return
        while len(self.stack) > depth:
            open_tag, previous_region, skip = self.stack.pop()
            if open_tag == "dt" and not self.skipping:
                # A definition term is a label, whether or not its colon was written.
                term = "".join(self.current).rstrip()
                if term and not term.endswith((":", "：")):
                    self._clear()
                    self._append(term + ":")
            if open_tag in BLOCK_TAGS and not self.skipping:
                self._end_block()
            if skip:
                self.skipping -= 1
            if open_tag in HEADING_TAGS:
                self.in_heading -= 1
            if open_tag == "pre":
                self.in_pre -= 1
            if previous_region != self.region and not self.skipping:
                self._end_block()
            self.region = previous_region or "page"

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if not self.in_pre:
            data = data.replace("\n", " ")
        elif "\n" in data:
            parts = data.split("\n")
            for part in parts[:-1]:
                if not part.strip() and not self.has_text:
                    # A blank line inside <pre> separates paragraphs, as in plain text.
                    self._clear()
                    self._end_block()
                    continue
                self._mark_line()
                self._append(part)
                self._flush_line()
            data = parts[-1]
        if data.strip():
            self._mark_line()
            if self.in_heading:
                self.heading_line = True
        self._append(data)

    def close(self) -> None:
        self._end_block()


def html_to_lines(
    html: str, *, regions: dict[str, str] | None = None, skip: set[str] | None = None
) -> HtmlLines:
    """Sanitize `html` and turn it into text lines; classes/ids in `skip` are dropped whole.

    Raises `MarkupRefused` for a page with more markup than a story page holds (`bound_markup`).
    """
    clean = sanitize(bound_markup(html))
    # Inline markup says nothing about structure: drop it in one pass, so that the walker below
    # only sees blocks, line breaks and rules (this is most of the reader's speed on HTML).
    if "<lj" in clean or "<user" in clean:
        clean = LJ_USER.sub(r"\1", clean)
    if "<b>" in clean or "<strong>" in clean:
        clean = BOLD_LABEL.sub(_bold_label, clean)
    if "&nbsp;" in clean or "&#160;" in clean:
        # "<p>&nbsp;</p>" is how page editors wrote an empty line: a space, not text.
        clean = clean.replace("&nbsp;", " ").replace("&#160;", " ")
    if "\u200b" in clean:
        clean = clean.replace("\u200b", "")
    clean = INLINE.sub("", clean)
    walker = _Walker(regions or {}, skip or set())
    # nh3 re-serializes the document; line numbers then refer to the sanitized text, which keeps
    # the original line structure because it only removes markup.
    walker.feed(clean)
    walker.close()
    out = walker.out
    if "&" in clean:
        out.lines = [unescape(line) if "&" in line else line for line in out.lines]
    if walker.saw_cell:
        out.lines = [_row(line) for line in out.lines]
    return out


def _row(line: str) -> str:
    """A table row "Title | Moving Day" becomes "Title: Moving Day" when its first cell is a label."""
    if CELL not in line:
        return line
    first, _, rest = line.partition(CELL)
    label = first.strip().rstrip(":：").strip()
    value = " ".join(rest.replace(CELL, " ").split())
    # A cell that ends its row's text on this line ("Updated 4/2/01" closing a link column, the
    # story in the next cell) has no value beside it: it is no label.
    if value and canonical_label(label) and not first.rstrip().endswith((":", "：")):
        return f"{label}: {value}"
    return " ".join(line.replace(CELL, " ").split())
