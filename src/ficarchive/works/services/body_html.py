"""Story body blocks (paragraph, verse, break, heading) to the sanitized HTML a Chapter stores."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from ficarchive.legacy.model import Block
from ficarchive.sanitize.html import RESCUED_BODY, STORED_BODY
from ficarchive.sanitize.text import text_clean


def imported_html_sanitize(html: str) -> str:
    """An old archive's chapter HTML as stored: the `RESCUED_BODY` policy (a stored body with
    the images the rescue kept) after the text cleaning every entry point applies."""
    return RESCUED_BODY.clean(text_clean(html))


def _block_html_words(block: Block, *, clean: bool = False) -> tuple[str, int]:
    """One block as HTML, and the words it adds to the story's count (none for a heading);
    `clean`: its text is known to need no `text_clean`."""
    if block.kind == "break":
        return '<hr class="scene-break">', 0
    text = block.text if clean else text_clean(block.text)
    if block.kind == "verse":
        lines = [escape(line.strip()) for line in text.split("\n") if line.strip()]
        return '<div class="verse">' + "<br>".join(lines) + "</div>", len(text.split())
    tokens = text.split()
    if not tokens:
        return "", 0
    text = escape(" ".join(tokens))
    if block.kind == "heading":
        return f"<h2>{text}</h2>", 0
    return f"<p>{text}</p>", len(tokens)


def block_to_html(block: Block) -> str:
    """One block as HTML; its text is always escaped (blocks hold plain text)."""
    return _block_html_words(block)[0]


def blocks_to_html(blocks: Iterable[Block]) -> str:
    """Body blocks as sanitized HTML: paragraph → <p>, verse → <div class="verse"> with lines
    joined by <br>, break → <hr class="scene-break">, heading → <h2>; text escaped, then the
    `STORED_BODY` policy."""
    return STORED_BODY.clean("\n".join(h for h in map(block_to_html, blocks) if h))


def blocks_to_html_counted(blocks: Sequence[Block]) -> tuple[str, int]:
    """`blocks_to_html(blocks)` and `blocks_word_count(blocks)` together, in one pass over the
    text (which is checked for characters to drop once, as a whole, not block by block)."""
    body = "\n".join([b.text for b in blocks])
    clean = text_clean(body) is body
    parts: list[str] = []
    words = 0
    for block in blocks:
        html, count = _block_html_words(block, clean=clean)
        if html:
            parts.append(html)
        words += count
    return STORED_BODY.clean("\n".join(parts)), words


def blocks_have_words(blocks: Iterable[Block]) -> bool:
    """Whether any block carrying story text holds a word (stops at the first that does)."""
    return any(text_clean(b.text).split() for b in blocks if b.kind in ("paragraph", "verse"))


def blocks_word_count(blocks: Iterable[Block]) -> int:
    """Words (whitespace-separated) in the blocks that carry story text (not headings)."""
    return sum(len(text_clean(b.text).split()) for b in blocks if b.kind in ("paragraph", "verse"))
