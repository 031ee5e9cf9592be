"""Stored story HTML → sanitized, well-formed XHTML fragments that EPUB readers and epubcheck accept.

Chapter bodies were sanitized on import, but an export is the last gate before the text leaves the
archive, so it is sanitized again (the `EPUB` policy of `ficarchive.sanitize.html`) and then held to XHTML's rules: every element closed,
no entity XML does not define, no control characters, and no block inside an inline element.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import escape, unescape

from ficarchive.sanitize.html import EPUB
from ficarchive.sanitize.text import text_clean

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Elements whose content must be phrasing (inline) content.
PHRASING_PARENTS = HEADINGS | {"p", "pre"}
BLOCK = HEADINGS | {"p", "pre", "div", "blockquote", "hr", "ul", "ol", "li"}
# What the EPUB policy keeps beside the blocks is inline (phrasing) content.
INLINE = EPUB.tags - BLOCK
DIRECTIONS = {"ltr", "rtl", "auto"}
SAFE_HREF = re.compile(r"^(?:https?://[^\s<>\"{}|\\^`]+|mailto:[^\s<>\"{}|\\^`]+)$", re.IGNORECASE)

# nh3 (html5ever) writes void elements HTML-style and no-break spaces as &nbsp;.
VOID_ELEMENT = re.compile(r"<(br|hr)((?:\s[^>]*)?)>")
CLOSED_VOID_ELEMENT = re.compile(r"<(br|hr)((?:\s[^>]*)?)></\1>")


def fragment_to_xhtml(html: str) -> str:
    """Sanitize an HTML fragment and return it as well-formed XHTML flow content.

    Keeps paragraphs, verse divs, scene breaks, headings, lists, quotes and inline markup; drops
    scripts, event handlers, styles, images and links other than http(s)/mailto. The result parses
    as XML inside any element that accepts flow content.
    """
    cleaned = EPUB.clean(text_clean(html))
    xml = VOID_ELEMENT.sub(r"<\1\2/>", cleaned).replace("&nbsp;", "&#160;")
    root = ET.fromstring(f"<div>{xml}</div>")
    if not _fix_flow(root):
        return xml
    # Long form (<em></em>) so the fragment also reads right as HTML; voids then self-close.
    text = ET.tostring(root, encoding="unicode", short_empty_elements=False)
    return CLOSED_VOID_ELEMENT.sub(r"<\1\2/>", text[len("<div>") : -len("</div>")])


def text_to_xhtml(text: str) -> str:
    """Plain text → XHTML paragraphs: blank lines part paragraphs, single newlines become <br/>.

    Entities that legacy text files carry (`&nbsp;`, `&amp;`) are read as the characters they name.
    """
    text = text_clean(unescape(text)).strip()
    paragraphs = re.split(r"\n\s*\n", text)
    return "".join(
        "<p>" + "<br/>".join(escape(line.strip(), quote=False) for line in p.split("\n")) + "</p>"
        for p in paragraphs
        if p.strip()
    )


LOOKS_LIKE_HTML = re.compile(r"<(?:p|br|div|em|strong|i|b|a|span|ul|ol|blockquote|h\d)\b", re.I)


def rich_text_to_xhtml(value: str) -> str:
    """A summary or note that may be plain text or HTML, as an XHTML fragment ('' when blank)."""
    if not value or not value.strip():
        return ""
    if LOOKS_LIKE_HTML.search(value):
        return fragment_to_xhtml(value)
    return text_to_xhtml(value)


def _fix_flow(parent: ET.Element) -> bool:
    """Repair the content model under an element that accepts flow content; True if changed."""
    changed = _fix_attributes(parent)
    index = 0
    while index < len(parent):
        child = parent[index]
        tag = child.tag
        if tag == "li" and parent.tag not in ("ul", "ol"):
            child.tag = "div"  # a stray list item keeps its text as a plain block
            changed = True
            continue
        if tag in ("ul", "ol"):
            changed |= _fix_list(child)
        elif tag in PHRASING_PARENTS or tag in INLINE:
            changed |= _fix_phrasing(child, inside_link=tag == "a")
        else:
            changed |= _fix_flow(child)
        index += 1
    return changed


def _fix_list(element: ET.Element) -> bool:
    """Lists hold only <li>: loose text and other elements are wrapped in one."""
    changed = _fix_attributes(element)
    if element.text and element.text.strip():
        item = ET.Element("li")
        item.text, element.text = element.text, None
        element.insert(0, item)
        changed = True
    index = 0
    while index < len(element):
        child = element[index]
        if child.tag != "li":
            item = ET.Element("li")
            element[index] = item
            item.append(child)
            changed = True
        child = element[index]
        if child.tail and child.tail.strip():
            item = ET.Element("li")
            item.text, child.tail = child.tail, None
            element.insert(index + 1, item)
            changed = True
        changed |= _fix_flow(element[index])
        index += 1
    return changed


def _fix_phrasing(element: ET.Element, *, inside_link: bool) -> bool:
    """Inside inline content, blocks are unwrapped (a line break keeps them apart)."""
    changed = _fix_attributes(element)
    index = 0
    while index < len(element):
        child = element[index]
        tag = child.tag
        if tag == "hr" or (tag == "a" and inside_link) or tag in BLOCK:
            _unwrap(element, index, add_break=tag in BLOCK and tag != "hr")
            changed = True
            continue
        changed |= _fix_phrasing(child, inside_link=inside_link or tag == "a")
        index += 1
    return changed


def _unwrap(parent: ET.Element, index: int, *, add_break: bool) -> None:
    """Replace parent[index] by its text and children, optionally followed by a line break."""
    child = parent[index]
    pieces = list(child)
    head = child.text or ""
    tail = child.tail or ""
    if add_break:
        brk = ET.Element("br")
        brk.tail = tail
        pieces.append(brk)
        tail = ""
    elif pieces:
        pieces[-1].tail = (pieces[-1].tail or "") + tail
        tail = ""
    else:
        head += tail
        tail = ""
    parent.remove(child)
    if add_break and _has_content_before(parent, index):
        head_break = ET.Element("br")
        head_break.tail, head = head, ""
        pieces.insert(0, head_break)
    if head:
        if index == 0:
            parent.text = (parent.text or "") + head
        else:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + head
    for offset, piece in enumerate(pieces):
        parent.insert(index + offset, piece)


def _has_content_before(parent: ET.Element, index: int) -> bool:
    """True when something other than a line break ends just before position `index`."""
    if index == 0:
        return bool(parent.text and parent.text.strip())
    previous = parent[index - 1]
    return bool(previous.tail and previous.tail.strip()) or previous.tag != "br"


def _fix_attributes(element: ET.Element) -> bool:
    """Drop directions XHTML does not know and links that would not resolve inside a book."""
    changed = False
    direction = element.get("dir")
    if direction is not None and direction.lower() not in DIRECTIONS:
        del element.attrib["dir"]
        changed = True
    elif direction is not None and direction != direction.lower():
        element.set("dir", direction.lower())
        changed = True
    href = element.get("href")
    if href is not None and not SAFE_HREF.match(href):
        del element.attrib["href"]
        changed = True
    return changed
