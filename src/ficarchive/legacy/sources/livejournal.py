"""LiveJournal / Dreamwidth posts: the post source (`<lj user>`, `<lj-cut>`) or a saved entry page.

The page furniture (entry title, tags, current mood, comment links) is dropped; the entry text is
read like plain text, with `<lj user="name">` read as the name. A post source with no line
markup has its line ends read as breaks, as the journal showed them; a saved page's poster is
the author when the entry's header names none.
"""

from __future__ import annotations

import re

from ficarchive.legacy.document import Document, Field
from ficarchive.legacy.htmltext import html_to_lines
from ficarchive.legacy.sources.markup import looks_like_html

NAME = "livejournal"
MARKERS = re.compile(
    r"<lj[\s-]|<user\s+name=|<cut\b|class=\"?ljuser|livejournal\.com|dreamwidth\.org|"
    r"class=\"?entry-content|insanejournal",
    re.IGNORECASE,
)
SKIP = {
    "entry-header",
    "entry-footer",
    "currents",
    "ljtags",
    "tag",
    "comments",
    "userpic",
    "datetime",
    "entry-date",
    "entry-title",
    "subject",
    "metadata",
    "entry-metadata",
    "comment",
    "comment-thread",
    "footer",
    "header",
    "navigation",
    "sidebar",
    "module",
    "page-header",
    "comment-wrapper",
    "comment-content",
    "comment-title",
    "b-tree",
    "b-leaf",
    "entry-interaction-links",
    "entry-readlink",
    "tag-list",
    "entry-tags",
    "currentmood",
    "currentmusic",
    "currentlocation",
    "user-icon",
    "poster",
}


# An <lj-cut> (or <cut>) opens a div; its end tag closes one. One pass over the page for both.
CUT_TAG = re.compile(r"<(?:lj-)?cut\b|</(?:lj-)?cut\s*>", re.IGNORECASE)


# The journal's owner as a saved entry page names them: the poster's ljuser name.
POSTER = re.compile(
    r"(?s)class=\"?poster\b[^>]{0,200}>.{0,400}?<b>\s*(?P<name>[\w.-]{1,60})\s*</b>"
)
# Markup that says the text sets its own line breaks; without any, the journal turned every line
# end of the post into a <br> (the post source of an entry written in the plain editor).
LINE_MARKUP = re.compile(r"<(?:br|p|div|table|pre|blockquote)\b", re.IGNORECASE)


def _cut_as_div(match: re.Match[str]) -> str:
    return "</div>" if match.group(0).startswith("</") else "<div"


def detect(text: str, filename: str = "") -> bool:
    """LiveJournal markup (`<lj user>`, `<lj-cut>`, ljuser spans) or a journal site's page."""
    return looks_like_html(text, filename) and bool(MARKERS.search(text[:30000]))


def parse(text: str, filename: str = "") -> Document:
    """Entry text as lines; headings and scene breaks kept."""
    head = text[:30000]
    poster = POSTER.search(head) if "poster" in head else None
    if not LINE_MARKUP.search(text):
        text = text.replace("\n", "<br>\n")
    text = CUT_TAG.sub(_cut_as_div, text)
    page = html_to_lines(text, skip=SKIP)
    # The poster wrote the entry unless its header names someone else: the weakest byline.
    fields = (
        [Field("author", "", poster.group("name"), source="byline", confidence=0.5)]
        if poster
        else []
    )
    return Document(NAME, page.lines, page.numbers, headings=page.headings, fields=fields)
