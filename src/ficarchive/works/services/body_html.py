"""Story body blocks (paragraph, verse, break, heading) to the sanitized HTML a Chapter stores."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class BodyMade:
    """A chapter's body made from its blocks: the HTML stored, its words, and its plain text
    (the text of every block but breaks, one per line: what its fingerprint reads)."""

    html: str
    word_count: int
    text: str


def blocks_to_body(blocks: Sequence[Block]) -> BodyMade:
    """`blocks_to_html(blocks)`, `blocks_word_count(blocks)` and the plain text, in one pass.

    The HTML is the archive's own tags around escaped text, written as the `STORED_BODY` policy
    writes it (text escapes `&`, `<`, `>` and, where it survives, the no-break space), so it is
    exactly what `blocks_to_html` returns without being parsed again
    (tests/works/test_body_html.py holds the two to that). The text is checked for characters
    to drop once, as a whole, and escaped once, as a whole."""
    if not blocks:
        return BodyMade(html="", word_count=0, text="")
    texts = [b.text for b in blocks]
    body = "\n".join(texts)
    if text_clean(body) is not body:
        texts = [text_clean(t) for t in texts]
    # Cleaned text holds no NUL: it parts the blocks' escaped texts again.
    escaped = escape("\0".join(texts), quote=False).split("\0")
    parts: list[str] = []
    plain: list[str] = []
    words = 0
    for block, text, html_text in zip(blocks, texts, escaped, strict=True):
        kind = block.kind
        if kind == "break":
            parts.append('<hr class="scene-break">')
            continue
        plain.append(text)
        if kind == "verse":
            lines = [line.strip() for line in html_text.split("\n")]
            joined = "<br>".join([line for line in lines if line]).replace("\xa0", "&nbsp;")
            parts.append(f'<div class="verse">{joined}</div>')
            words += len(text.split())
            continue
        tokens = html_text.split()
        if not tokens:
            continue
        if kind == "heading":
            parts.append(f"<h2>{' '.join(tokens)}</h2>")
        else:
            parts.append(f"<p>{' '.join(tokens)}</p>")
            words += len(tokens)
    return BodyMade(html="\n".join(parts), word_count=words, text="\n".join(plain))


def blocks_have_words(blocks: Iterable[Block]) -> bool:
    """Whether any block carrying story text holds a word (stops at the first that does)."""
    return any(text_clean(b.text).split() for b in blocks if b.kind in ("paragraph", "verse"))


def blocks_word_count(blocks: Iterable[Block]) -> int:
    """Words (whitespace-separated) in the blocks that carry story text (not headings)."""
    return sum(len(text_clean(b.text).split()) for b in blocks if b.kind in ("paragraph", "verse"))
