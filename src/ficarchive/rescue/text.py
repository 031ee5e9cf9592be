"""Text as old archives stored it, repaired: one value at a time.

Decoding lives in `ficarchive.legacy.decode.decode_value` (the one home for encodings); here
are the other repairs a rescue needs: magic-quote backslashes, HTML entities in plain fields,
plain-text chapters turned into paragraphs, Word's empty paragraphs, e-mail addresses.
"""

from __future__ import annotations

import re
from html import unescape

from ficarchive.legacy.decode import decode_value
from ficarchive.legacy.model import Block
from ficarchive.sanitize.html import html_to_text
from ficarchive.works.services import imported_html_sanitize

_SLASHED = re.compile(r"\\(.)", re.S)
_PARAGRAPH_OR_BREAK = re.compile(r"<\s*(?:p|br)\b", re.I)
_BLOCK = re.compile(r"<\s*(?:p|div|blockquote|ul|ol|h\d|hr|table)\b", re.I)
_BREAK_RUN = re.compile(r"(?:<br\s*/?>\s*){2,}", re.I)
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|\xa0|<br\s*/?>)*</p>", re.I)
_SCENE_BREAK = re.compile(
    r"<p>\s*(?:[*~#=+_\-•·o0]\s*){1,9}\s*</p>|<p>\s*(?:<(?:b|strong|i|em)>\s*)?"
    r"(?:[*~#=+_\-•·]\s*){3,}(?:</(?:b|strong|i|em)>\s*)?</p>",
    re.I,
)
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\r\f\v\xa0]+")
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
EMAIL_REMOVED = "[email address removed]"


def stripslashes(text: str) -> str:
    """PHP's `stripslashes`: what a site showed of a value stored with magic-quote backslashes
    (`doesn\\'t` → `doesn't`, `\\\\` → `\\`)."""
    if "\\" not in text:
        return text
    return _SLASHED.sub(lambda m: "" if m.group(1) == "0" else m.group(1), text)


def value_text(raw, *, slashes: bool = False) -> str:
    """A stored value as text: decoded on its own, magic quotes removed when `slashes`."""
    text = decode_value(raw)
    return stripslashes(text) if slashes else text


def plain_text(value: str) -> str:
    """A short field that may hold markup and entities (a title, a name, a summary) as plain
    text: tags dropped (paragraphs and line breaks kept as blank lines and line ends),
    entities decoded, spaces tidied."""
    if "<" in value:
        value = re.sub(r"(?i)<\s*br\s*/?>", "\n", value)
        value = re.sub(r"(?i)</\s*p\s*>|<\s*p\b[^>]*>", "\n\n", value)
        value = _TAG.sub("", value)
    if "&" in value:
        value = unescape(value)
    lines = [_SPACES.sub(" ", line).strip() for line in value.replace("\r\n", "\n").split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def one_line(value: str) -> str:
    """`plain_text` on one line (titles and names)."""
    return " ".join(plain_text(value).split())


def chapter_html(text: str) -> str:
    """A chapter body as the old site showed it, as sanitized HTML with real paragraphs.

    Text without `<p>` or `<br>` was shown through `nl2br`: blank lines part paragraphs and
    single line ends break lines. Runs of `<br>` become paragraph breaks; Word's empty
    paragraphs go; a paragraph of only `* * *` or `~~~` becomes a scene break. Scripts,
    styles, classes and event handlers never survive the sanitizer.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _PARAGRAPH_OR_BREAK.search(text):
        paragraphs = [p.strip() for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
        text = "".join("<p>" + p.replace("\n", "<br>") + "</p>" for p in paragraphs)
    html = imported_html_sanitize(text)
    if not _BLOCK.search(html):
        html = f"<p>{html}</p>"
    if "<br" in html:
        html = _BREAK_RUN.sub("</p><p>", html)
        html = imported_html_sanitize(html)
    html = _EMPTY_PARAGRAPH.sub("", html)
    html = _SCENE_BREAK.sub('<hr class="scene-break">', html)
    return re.sub(r"\n{2,}", "\n", html).strip()


def html_plain(html: str) -> str:
    """Visible text of sanitized HTML, paragraphs separated by blank lines."""
    return html_to_text(html)


def html_blocks(html: str) -> list[Block]:
    """Paragraph blocks of sanitized HTML (for word counts and the work's words)."""
    blocks = []
    for part in re.split(r"\n\s*\n", html_plain(html)):
        part = " ".join(part.split())
        if part:
            blocks.append(Block("paragraph", part))
    return blocks


def emails_redact(text: str, addresses: set[str]) -> tuple[str, int]:
    """`text` with every address in `addresses` (lower case) replaced; (text, how many)."""
    if "@" not in text or not addresses:
        return text, 0
    count = 0

    def replace(match: re.Match) -> str:
        nonlocal count
        if match.group(0).lower() in addresses:
            count += 1
            return EMAIL_REMOVED
        return match.group(0)

    return EMAIL.sub(replace, text), count
