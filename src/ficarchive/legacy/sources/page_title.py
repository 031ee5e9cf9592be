"""What a saved page's `<title>` says about the work, by the sites' own title formats.

- AO3: "Title - Chapter 3 - Author - Fandom [Archive of Our Own]"
- FanFiction.Net: "Title Chapter 3, a Fandom fanfic | FanFiction", "..., a A + B Crossover fanfic"
- FictionPress: "Title, a Genre story | FictionPress" (no fandom)
- DeviantArt: "Title by Author on DeviantArt"
- forums and other sites: "Title | Page 2 | Sufficient Velocity", "Title — LessWrong",
  "Title : r/HPMOR", "Title - Wattpad" (the title only)
- personal sites: "Title, Chapter 7 (Fan Fiction) - Site Name", "Title - Chapter 7 - Site Name"

A capture tool may put the article's own title in front ("Title - <page title>", EpubPress);
`strip_prefix` takes it off first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

from ficarchive.legacy.sources.chapter_heading import read_chapter_heading

TITLE_TAG = re.compile(r"(?is)<title[^>]{0,200}>([^<]{0,1000})</title>")
AO3 = re.compile(r"(?i)^(?P<rest>.+?)\s*\[Archive of Our Own\]\s*$")
FFN = re.compile(
    r"(?i)^(?P<title>.+?),\s+an?\s+(?P<fandom>.+?)\s+(?P<kind>fanfic|crossover fanfic)"
    r"\s*(?:\|\s*(?:FanFiction|FanFiction\.Net|FictionPress))?\s*$"
)
FICTIONPRESS = re.compile(
    r"(?i)^(?P<title>.+?),\s+an?\s+.+?\s+(?:story|poem)\s*\|\s*FictionPress\s*$"
)
DEVIANTART = re.compile(r"(?i)^(?P<title>.+?)\s+by\s+(?P<author>\S.{0,80}?)\s+on\s+DeviantArt\s*$")
# "Title Chapter 3" or "Title Chapter 3: The Chapter's Name" (FanFiction.Net names chapters).
FFN_CHAPTER = re.compile(r"(?i)\s+Chapter\s+(?P<number>\d{1,4})(?::\s.{0,200})?$")
# "Title, Chapter 7 (Fan Fiction) - Site": a chapter set off by a comma or a dash.
SITE_CHAPTER = re.compile(
    r"(?i)^(?P<title>.+?)(?:,\s*|\s+[-–—|:]\s+)(?P<chapter>(?:chapter|part|kapitel|chapitre|глава)"
    r"\s+\w{1,20})(?:\s*\([^()]{0,60}\))?(?:\s+[-–—|]\s+(?P<site>.{1,120}))?$"
)
SEPARATOR = " - "
MAX_TITLE = 1000
# Sites whose page title is "Title <separator> Site" (a page number or chapter perhaps between).
SITE_SUFFIX = re.compile(
    r"(?i)^(?P<title>.+?)(?:\s*[|–—:-]\s*(?:Page|Chapter)\s+(?P<page>\d{1,4}))?"
    r"\s*[|–—:-]\s*(?:LessWrong|SpaceBattles(?: Forums)?|Sufficient Velocity|Questionable Questing"
    r"|Wattpad|FictionPress|Royal Road|AdultFanFiction\.org|Twisting the Hellmouth"
    r"|r/\w{1,40}(?:\s*-\s*Reddit)?|Reddit)\s*$"
)


@dataclass
class PageTitle:
    """The work's title, authors, fandoms and chapter as a page title gives them."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    fandoms: list[str] = field(default_factory=list)
    chapter: int | None = None


def title_of_page(html: str) -> str | None:
    """The text of the page's `<title>` (entities decoded, spacing squashed), or None."""
    match = TITLE_TAG.search(html[:20000])
    if not match:
        return None
    text = " ".join(unescape(match.group(1)).split())
    return text or None


def strip_prefix(title: str, prefix: str | None) -> str:
    """ "Driftwood - Driftwood - Author - ..." without a capture tool's "Driftwood - "."""
    if prefix and title.startswith(prefix + SEPARATOR) and len(title) > len(prefix) + 3:
        return title[len(prefix) + len(SEPARATOR) :]
    return title


def read_page_title(text: str) -> PageTitle:
    """Read a page title by the site formats above; an unknown format gives an empty result."""
    text = " ".join(text[:MAX_TITLE].split())
    ao3 = AO3.match(text)
    if ao3:
        return _ao3(ao3.group("rest"))
    ffn = FFN.match(text)
    if ffn:
        title = ffn.group("title")
        chapter = FFN_CHAPTER.search(title)
        if chapter:
            title = title[: chapter.start()]
        fandom = ffn.group("fandom")
        crossover = "crossover" in ffn.group("kind").casefold()
        fandoms = [f.strip() for f in fandom.split(" + ")] if crossover else [fandom.strip()]
        return PageTitle(
            title=title.strip(),
            fandoms=[f for f in fandoms if f],
            chapter=int(chapter.group("number")) if chapter else None,
        )
    fictionpress = FICTIONPRESS.match(text)
    if fictionpress:
        return PageTitle(title=fictionpress.group("title").strip())
    deviant = DEVIANTART.match(text)
    if deviant:
        return PageTitle(title=deviant.group("title").strip(), authors=[deviant.group("author")])
    suffixed = SITE_SUFFIX.match(text)
    if suffixed:
        return PageTitle(title=suffixed.group("title").strip(" |-–—:"))
    site = SITE_CHAPTER.match(text)
    if site:
        heading = read_chapter_heading(site.group("chapter"))
        if heading is not None:
            return PageTitle(title=site.group("title").strip(), chapter=heading.number)
    return PageTitle()


# A personal page's "Title - Chapter 3 - by Author", "Title, by Author", "Title by Author".
PAGE_BYLINE = re.compile(
    r"(?i)^(?P<title>[^|]{1,200}?)(?:\s+[-–—|:]\s+(?P<chapter>(?:chapter|part)\s+\w{1,20}"
    r"(?::[^-–—|]{0,80})?))?(?:\s*[-–—|,]\s*|\s+)by\s+(?P<author>[^-–—|,:()]{2,60}?)\s*$"
)


# Marks a personal page sets around its title ("~*~Title~*~", "**Title**").
EDGE_DECORATION = re.compile(r"^[\s~*=+#:\-]+|[\s~*=+#:\-]+$")
# What the page calls the work after its title: "~*~ Fanfic", " - a Sailor Moon story", " Fanfic".
KIND_TAIL = re.compile(
    r"(?i)(?:\s*(?:~\*~|[~*=]{1,3})\s*|\s+[-–—:|]\s+)(?:an?\s+[^~*=|]{1,40}?\s+)?"
    r"(?:fan\s?fic(?:tion)?|fic|story)\s*$|\s+fan\s?fic(?:tion)?\s*$"
)


def _bare_title(title: str) -> str:
    """A page title's work title without the marks around it and the word for what it is."""
    bare = EDGE_DECORATION.sub("", title)
    cut = EDGE_DECORATION.sub("", KIND_TAIL.sub("", bare))
    return cut or bare


def page_byline(text: str) -> PageTitle | None:
    """A personal page title that names the work and its author ("Title - Chapter 3 - by
    Author"); None for other page titles."""
    match = PAGE_BYLINE.match(" ".join(text[:MAX_TITLE].split()))
    if match is None:
        return None
    heading = read_chapter_heading(match.group("chapter")) if match.group("chapter") else None
    return PageTitle(
        title=_bare_title(match.group("title").strip(" -–—:,")),
        authors=[match.group("author").strip()],
        chapter=heading.number if heading else None,
    )


def _ao3(rest: str) -> PageTitle:
    """ "Title - [Chapter N -] Author[, Author] - Fandom[, Fandom]" (titles may hold " - ")."""
    parts = rest.split(SEPARATOR)
    if len(parts) < 3:
        return PageTitle(title=rest.strip() or None)
    fandoms = [f.strip() for f in parts[-1].split(",") if f.strip()]
    authors = [a.strip() for a in parts[-2].split(",") if a.strip()]
    head = parts[:-2]
    chapter = None
    if len(head) > 1:
        heading = read_chapter_heading(head[-1])
        if heading is not None:
            chapter = heading.number
            head = head[:-1]
    return PageTitle(
        title=SEPARATOR.join(head).strip() or None,
        authors=authors,
        fandoms=fandoms,
        chapter=chapter,
    )
