"""FanFiction.Net story pages: `#profile_top` (title, author, summary, the "Rated: ..." line) and
`#storytext`; the fandoms from the page title ("..., a Fandom fanfic", "..., a A + B Crossover
fanfic") or the breadcrumb links,
the chapter from the chapter menu.
"""

from __future__ import annotations

import re

from ficarchive.legacy.document import Document, Field
from ficarchive.legacy.header import is_separator, parse_label_line
from ficarchive.legacy.htmltext import html_to_lines
from ficarchive.legacy.sources.markup import looks_like_html
from ficarchive.legacy.sources.page_title import read_page_title, title_of_page

NAME = "ffnet"
REGIONS = {"profile_top": "header", "storytext": "body", "pre_story_links": "crumbs"}
SKIP = {"review", "chap_select", "lc-wrapper"}
SELECTED_CHAPTER = re.compile(r"(?i)<option\s+value=\"?(\d+)\"?\s+selected")
FICTION_RATING = re.compile(r"(?i)^(Rated:\s*)Fiction\s+")
# Counters of the site, not of the story ("Follows: 61" is no series, "Reviews: 57" no feedback).
SITE_COUNTERS = re.compile(r"(?i)\s+-\s+(?:reviews|favs|follows|id):\s*[\d,]+")


def detect(text: str, filename: str = "") -> bool:
    """A page with FanFiction.Net's profile box and story text divs."""
    head = text[:30000]
    return 'id="profile_top"' in head and "storytext" in head and looks_like_html(text, filename)


def read_story_box(box: list[tuple[str, int]]) -> tuple[list[Field], list[str], list[int]]:
    """The site's story box, line by line ("T By: A", the summary, "Rated: Fiction T - English
    - ... - Chapters: 5 - ..."): title, author and summary as fields, the other lines as header
    lines to read by their labels (the site's own counters left out), with their numbers."""
    fields: list[Field] = []
    header: list[str] = []
    numbers: list[int] = []
    for line, number in box:
        parsed = parse_label_line(line)
        if not any(f.name == "title" for f in fields) and not header:
            title, by, author = line.partition(" By:")
            fields.append(Field("title", "", title.strip(), number))
            if by and author.strip():
                # One account's pen name ("ink and ivy"), never a list of co-authors.
                fields.append(Field("author", "By", author.strip(), number, item=True))
        elif parsed is None and not any(f.name == "summary" for f in fields):
            fields.append(Field("summary", "", line, number))
        else:
            header.append(SITE_COUNTERS.sub("", FICTION_RATING.sub(r"\1", line)))
            numbers.append(number)
    return fields, header, numbers


def take_lead_labels(story: list[str]) -> tuple[list[str], list[int], int]:
    """ "Disclaimer: ..." or "A/N: ..." lines at the top of the story text, and the rule below:
    the labelled lines, their indexes in `story`, and how many lines of `story` they take."""
    lines: list[str] = []
    at: list[int] = []
    lead = 0
    while lead < len(story):
        line = story[lead].strip()
        parsed = parse_label_line(line) if line else None
        if line and not (parsed and parsed.name) and not is_separator(line):
            break
        if line and not is_separator(line):
            lines.append(line)
            at.append(lead)
        lead += 1
    return lines, at, lead


def parse(text: str, filename: str = "") -> Document:
    """Profile box as header, leading labelled paragraphs of the story text too (a disclaimer)."""
    page = html_to_lines(text, regions=REGIONS, skip=SKIP)
    box = [
        (line, page.numbers[i])
        for i, (line, region) in enumerate(zip(page.lines, page.regions, strict=False))
        if region == "header" and line
    ]
    fields, header, numbers = read_story_box(box)
    crumbs = [
        line
        for line, region in zip(page.lines, page.regions, strict=False)
        if region == "crumbs" and line
    ]
    page_title = title_of_page(text)
    page_fandoms = read_page_title(page_title).fandoms if page_title else []
    if page_fandoms:
        # "..., a Star Wars + Discworld Crossover fanfic": one field per fandom named.
        fields += [
            Field("fandom", "", name, source="page-title", item=True) for name in page_fandoms
        ]
    elif crumbs:
        fields.append(Field("fandom", "", crumbs[-1].split(">")[-1].strip()))
    chapter = SELECTED_CHAPTER.search(text)
    story = [i for i, region in enumerate(page.regions) if region == "body"]
    lead_lines, lead_at, lead = take_lead_labels([page.lines[i] for i in story])
    header += lead_lines
    numbers += [page.numbers[story[k]] for k in lead_at]
    story = story[lead:]
    header.append("")
    numbers.append(numbers[-1] if numbers else 1)
    if chapter:
        fields.append(Field("chapter_number", "", chapter.group(1)))
    header_end = len(header)
    headings = {header_end + p for p, i in enumerate(story) if i in page.headings}
    lines = header + [page.lines[i] for i in story]
    numbers += [page.numbers[i] for i in story]
    return Document(NAME, lines, numbers, headings=headings, header_end=header_end, fields=fields)
