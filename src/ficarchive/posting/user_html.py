"""What HTML users may write: a small allow-list, enforced with nh3 on every write."""

from __future__ import annotations

import html
import re

import nh3

INLINE_TAGS = {"a", "b", "strong", "i", "em", "u", "s", "del", "sub", "sup", "code", "br", "span"}
COMMENT_TAGS = INLINE_TAGS | {"p", "blockquote", "ul", "ol", "li"}
BODY_TAGS = COMMENT_TAGS | {"h2", "h3", "hr", "div", "center"}
ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_CLASSES = {"div": {"verse"}, "hr": {"scene-break"}}
URL_SCHEMES = {"http", "https", "mailto"}

_BLOCK_START = re.compile(r"<(p|div|blockquote|h2|h3|li|hr)\b", re.IGNORECASE)
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HAS_BLOCK_TAG = re.compile(r"<\s*(p|div|blockquote|ul|ol|h2|h3|hr)\b", re.IGNORECASE)


def _paragraphs_from_text(text: str) -> str:
    """Plain text with blank-line paragraphs → <p> elements (single newlines → <br>)."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    return "".join("<p>" + p.replace("\n", "<br>") + "</p>" for p in parts)


def user_html_clean(text: str, *, allowed: set[str]) -> str:
    """Sanitized HTML from what a user typed: plain text becomes paragraphs; HTML keeps only `allowed`.

    Scripts, styles, event handlers and `javascript:` URLs never survive.
    """
    text = text or ""
    if not _HAS_BLOCK_TAG.search(text):
        text = _paragraphs_from_text(text)
    return nh3.clean(
        text,
        tags=allowed,
        attributes={k: v for k, v in ATTRIBUTES.items() if k in allowed},
        allowed_classes={k: v for k, v in ALLOWED_CLASSES.items() if k in allowed},
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    ).strip()


def comment_html_clean(text: str) -> str:
    """A comment or bookmark note as safe HTML."""
    return user_html_clean(text, allowed=COMMENT_TAGS)


def body_html_clean(text: str) -> str:
    """A chapter body as safe HTML (paragraphs, verse divs, scene breaks, headings)."""
    return user_html_clean(text, allowed=BODY_TAGS)


def html_to_text(html_text: str) -> str:
    """Visible text of sanitized HTML (for word counts and editing forms)."""
    spaced = _BLOCK_START.sub(r"\n\n\g<0>", html_text or "")
    spaced = _LINE_BREAK.sub("\n", spaced)
    text = html.unescape(nh3.clean(spaced, tags=set()))
    return re.sub(r"\n{3,}", "\n\n", text).strip()
