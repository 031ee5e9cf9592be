"""A FanFiction.Net story page saved or copied as text: the page's words without its markup.

What is left of the page: the site's menus, the category crumb ("Books  Harry Potter"), the
title (after "Follow/Fav"), "By: Author", the summary, the stats line ("Rated: Fiction T -
English - ... - Words: 1,987 - ... - Status: Complete - id: 3671204"), the text-size bar, the
story, and the page's footer ("Follow/Fav", "Review this story", chapter menus, site links).
The stats line finds the layout; the lines above it give title, author, summary and fandom, and
the story runs from under the bar to the footer.
"""

from __future__ import annotations

import re

from ficarchive.legacy.document import Document, Field
from ficarchive.legacy.sources.ffnet import read_story_box, take_lead_labels

NAME = "ffnet-text"
STATS_LINE = re.compile(r"^\s*Rated:\s*Fiction\s+\S{1,3}\s+-\s+\S")
SEARCH_LINES = 60  # the stats line is near the top of the page
# The site's categories, in front of the fandom on the crumb line.
CRUMB = re.compile(
    r"^\s*(?:Anime/Manga|Books|Cartoons|Comics|Games|Misc|Movies|Plays/Musicals|TV Shows|TV|"
    r"Crossover)\s*(?:>|»|\t|\s{2,})\s*(?P<fandom>\S.{0,100}?)\s*$"
)
AUTHOR_LINE = re.compile(r"^\s*By:\s*(?P<author>\S.{0,100}?)\s*$")
FOLLOW = re.compile(r"^\s*Follow/Fav\s*")
# Lines of the page's own, above and below the story.
CHROME = re.compile(
    r"(?i)^\s*(?:Text Size:|Font:|Width:|Follow/Fav\s*$|Review this story|<\s*Prev|Next\s*>|"
    r"Chapter\s+\d+[^\n]{0,80}\s+Chapter\s+\d+|About\s+Help\b|Privacy\s+Terms|"
    r"FanFiction\s*\|)"
)


def detect(text: str, filename: str = "") -> bool:
    """Text (no markup) with FanFiction.Net's stats line near the top."""
    head = text[:8000]
    if "Rated:" not in head or "<" in head[:200]:
        return False
    return any(STATS_LINE.match(line) for line in head.split("\n")[:SEARCH_LINES])


def parse(text: str, filename: str = "") -> Document:
    """Title, author, summary and stats from above the story; the story between the bars."""
    lines = text.split("\n")
    stats = next(i for i, line in enumerate(lines[:SEARCH_LINES]) if STATS_LINE.match(line))
    above = [i for i in range(stats) if lines[i].strip()]
    by = next((i for i in reversed(above) if AUTHOR_LINE.match(lines[i])), None)
    box: list[tuple[str, int]] = []
    fields: list[Field] = []
    if by is not None:
        title_at = next((i for i in reversed(above) if i < by), None)
        title = FOLLOW.sub("", lines[title_at]).strip() if title_at is not None else ""
        author = AUTHOR_LINE.match(lines[by]).group("author")  # type: ignore[union-attr]
        box.append((f"{title} By: {author}", (title_at or by) + 1))
        summary = " ".join(lines[i].strip() for i in above if i > by)
        if summary:
            box.append((summary, by + 2))
        crumb = next(
            (CRUMB.match(lines[i]) for i in above if i < by and CRUMB.match(lines[i])), None
        )
        if crumb:
            fields.append(Field("fandom", "", crumb.group("fandom")))
    stats_line = lines[stats].strip()
    if "Chapters:" not in stats_line:
        stats_line += " - Chapters: 1"  # the site leaves the count out of a one-shot's line
    box.append((stats_line, stats + 1))
    box_fields, header, numbers = read_story_box(box)
    fields = box_fields + fields
    start = stats + 1
    while start < len(lines) and (not lines[start].strip() or CHROME.match(lines[start])):
        start += 1
    end = len(lines)
    for i in range(start, len(lines)):
        if CHROME.match(lines[i]):
            end = i
            break
    story = list(range(start, end))
    lead, lead_numbers, taken = take_lead_labels([lines[i] for i in story])
    header += lead
    numbers += [story[k] + 1 for k in lead_numbers]
    header.append("")
    numbers.append(numbers[-1] if numbers else 1)
    body = story[taken:]
    return Document(
        NAME,
        header + [lines[i] for i in body],
        numbers + [i + 1 for i in body],
        header_end=len(header),
        fields=fields,
    )
