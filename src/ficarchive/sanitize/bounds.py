"""Bounds on markup, enforced before nh3's HTML parser (html5ever) sees it, in one linear pass
each: the parser spends time that grows with the square of the nesting depth (20,000 nested
lists took 15 CPU s) and of a tag's attribute count, and a tree deeper than Python's recursion
limit breaks every reader of it (the EPUB writer's). Deeper elements lose their tags, their text
stays; a tag with a great many attributes keeps the few the archive reads.
"""

from __future__ import annotations

import re

MAX_DEPTH = 128  # deeper elements lose their tags (their text stays)
MAX_ATTRIBUTE_TEXT = 256  # a tag's attributes past this keep only the ones read here
# What the reader and the HTML policies read; the policies keep fewer (`sanitize.html`).
KEPT_ATTRIBUTES = (
    "class",
    "id",
    "user",
    "comm",
    "name",
    "site",
    "href",
    "title",
    "src",
    "alt",
    "width",
    "height",
    "start",
    "dir",
)
ATTRIBUTE_TRIES = 20  # places a kept name is looked at in one tag, at most
ATTRIBUTE_VALUE = re.compile(r"""\s*=\s*("[^"<>]{0,1000}"|'[^'<>]{0,1000}'|[^\s"'=<>`]{1,1000})""")
LONG_TAG = re.compile(rf"<([a-zA-Z][\w:-]{{0,60}})(\s[^<>]{{{MAX_ATTRIBUTE_TEXT},}})")
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]{0,60})[^<>]*>?")
# Elements that never nest: they hold nothing, or the parser closes them at the next sibling.
FLAT = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "p",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "option",
        "optgroup",
        "thead",
        "tbody",
        "tfoot",
        "colgroup",
        "caption",
        "rb",
        "rt",
        "rp",
    }
)


def _short_tag(match: re.Match) -> str:
    """A tag with a great many attributes, cut down to the few this reader uses.

    Each kept name is looked for with plain string search, a bounded number of times, so the
    cost stays linear in the tag's length whatever its attributes hold.
    """
    attributes = match.group(2)
    lowered = attributes.lower()
    kept = []
    for name in KEPT_ATTRIBUTES:
        start = 0
        for _ in range(ATTRIBUTE_TRIES):
            at = lowered.find(name, start)
            if at < 0:
                break
            start = at + len(name)
            if at and (lowered[at - 1].isalnum() or lowered[at - 1] in "-_:."):
                continue  # "data-class=", "myid=": another attribute
            value = ATTRIBUTE_VALUE.match(attributes, start)
            if value:
                kept.append(f" {name}={value.group(1)}")
                break
    return f"<{match.group(1)}{''.join(kept)}"


def _flatten(html: str) -> str:
    """Drop the tags of elements nested deeper than `MAX_DEPTH` (and their end tags)."""
    out: list[str] = []
    position = 0
    stack: list[str] = []
    open_count: dict[str, int] = {}
    dropped: dict[str, int] = {}
    for match in TAG.finditer(html):
        name = match.group(2).lower()
        if name in FLAT:
            continue
        if not match.group(1):
            if match.group(0).endswith("/>"):
                continue
            if len(stack) < MAX_DEPTH:
                stack.append(name)
                open_count[name] = open_count.get(name, 0) + 1
                continue
            dropped[name] = dropped.get(name, 0) + 1
        elif dropped.get(name):
            dropped[name] -= 1
        else:
            if open_count.get(name):
                while stack:  # an end tag closes everything opened after its element
                    top = stack.pop()
                    open_count[top] -= 1
                    if top == name:
                        break
            continue
        out.append(html[position : match.start()])
        position = match.end()
    out.append(html[position:])
    return "".join(out)


def markup_bounded(html: str) -> str:
    """`html` with its nesting cut at `MAX_DEPTH` and each tag's attributes past
    `MAX_ATTRIBUTE_TEXT` characters cut to `KEPT_ATTRIBUTES`; markup within the bounds is
    returned as it is."""
    if len(html) > MAX_ATTRIBUTE_TEXT and LONG_TAG.search(html):
        html = LONG_TAG.sub(_short_tag, html)
    if html.count("<") > MAX_DEPTH:
        html = _flatten(html)
    return html
