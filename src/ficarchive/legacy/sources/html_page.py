"""Hand-made HTML pages: any other HTML, including headers laid out as a table.

Table rows whose first cell is a known label ("Title" | "Moving Day") are read as `Label: value`
by the HTML reader; a heading above the header gives the title. A page that is one chapter of a
work says so in its only chapter heading (`<h2>Chapter 7: Title</h2>`, kept as the body's
heading) or in its page title ("Work, Chapter 7 (Fan Fiction) - Site").
"""

from __future__ import annotations

import re

from ficarchive.legacy.document import Document, Field
from ficarchive.legacy.htmltext import HtmlLines, html_to_lines
from ficarchive.legacy.sources.chapter_heading import read_chapter_heading
from ficarchive.legacy.sources.markup import looks_like_html
from ficarchive.legacy.sources.page_title import page_byline, read_page_title, title_of_page

NAME = "html-page"
SKIP = {"nav", "navigation", "menu", "sidebar", "footer-links"}
OPENING_LINES = 40  # a page's own chapter heading stands near its top


def detect(text: str, filename: str = "") -> bool:
    """Any HTML the specific layouts did not claim."""
    return looks_like_html(text, filename)


def parse(text: str, filename: str = "") -> Document:
    """Page text as lines, headings remembered; the chapter the page holds, when it says."""
    page = html_to_lines(text, skip=SKIP)
    _blank_top_link_bars(page)
    fields = _chapter_fields(page, text) + (_site_fields(text) or _byline_fields(page, text))
    return Document(NAME, page.lines, page.numbers, headings=page.headings, fields=fields)


# "[ Home ] [ Authors ] [ Titles ]", "Home | Stories | Links | Mail": a site's link bar.
LINK_BAR = re.compile(
    r"^(?:\[\s*[^\[\]|]{1,24}?\s*\]\s*){2,}$|^[^|\[\]]{1,24}(?:\s[|·•]\s[^|\[\]]{1,24}){2,}$"
)
TOP_LINES = 12  # a link bar above the story's title stands in the page's first lines


def _blank_top_link_bars(page: HtmlLines) -> None:
    """A site's link bar above the work (no heading before it) is blanked: it is no title."""
    for i, line in enumerate(page.lines[:TOP_LINES]):
        if i in page.headings:
            return
        if len(line) <= 200 and LINK_BAR.match(line.strip()):
            page.lines[i] = ""


def _byline_fields(page: HtmlLines, html: str) -> list[Field]:
    """A page with no heading of its own whose title names the work and its author ("Title -
    Chapter 3 - by Author"): that title and author."""
    title = title_of_page(html) if not page.headings else None
    told = page_byline(title) if title else None
    if told is None or not told.title:
        return []
    fields = [Field("title", "", told.title, source="page-title")]
    return fields + [Field("author", "", name, source="page-title") for name in told.authors]


def _site_fields(html: str) -> list[Field]:
    """What a fiction site's page title says of the work (a saved FanFiction.Net or DeviantArt
    page: "Title Chapter 3: Name, a Fandom fanfic | FanFiction"): its fandoms and authors, and
    its title when it names one of those too. A page title of no site's format says nothing."""
    title = title_of_page(html)
    told = read_page_title(title) if title else None
    if told is None or not (told.fandoms or told.authors):
        return []
    fields = [Field("fandom", "", name, source="page-title", item=True) for name in told.fandoms]
    fields += [Field("author", "", name, source="page-title") for name in told.authors]
    if told.title:
        fields.insert(0, Field("title", "", told.title, source="page-title"))
    return fields


def _chapter_fields(page: HtmlLines, html: str) -> list[Field]:
    """The page's only chapter heading near its top, or else its page title's chapter."""
    chapters = [
        (i, found)
        for i in sorted(page.headings)
        for found in [read_chapter_heading(page.lines[i])]
        if found is not None
    ]
    if len(chapters) == 1 and chapters[0][0] < OPENING_LINES:
        index, heading = chapters[0]
        number = page.numbers[index]
        return [Field("chapters", "", str(heading.number), number, source="title-line")]
    if chapters:
        return []  # several chapters on one page: the work, not one chapter of it
    title = title_of_page(html)
    chapter = read_page_title(title).chapter if title else None
    if chapter is None:
        return []
    return [Field("chapters", "", str(chapter), source="page-title")]
