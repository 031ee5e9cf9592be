"""Files that open with YAML front matter: AO3 works scraped to Hugo/Jekyll posts, Docusaurus
chapters. The front matter gives the metadata (keys such as `title`, `author`, `fandom`,
`relationship`, `tags`, `series` + `series_weight`, `ao3_url`), the markdown below it the story.

Every value read from the front matter is a field with source "front-matter". Keys of the site
generator (`layout`, `slug`, `weight`, ...) are not the work's and are left out; keys nobody
listed are kept as extra fields. The body is read as markdown (see `sources.markdown`), or as
HTML when it is markup.
"""

from __future__ import annotations

from ficarchive.legacy.document import Document, Field
from ficarchive.legacy.frontmatter import FrontMatter, read_front_matter
from ficarchive.legacy.htmltext import html_to_lines
from ficarchive.legacy.markdown import render_inline
from ficarchive.legacy.normalize.cast import CATEGORY_WORDS
from ficarchive.legacy.sources.chapter_heading import read_chapter_heading
from ficarchive.legacy.sources.markdown import parse as markdown_parse
from ficarchive.legacy.sources.markdown import read_story
from ficarchive.legacy.sources.markup import looks_like_html

NAME = "front-matter"
SOURCE = "front-matter"
# Front-matter keys (casefolded, "-" and " " as "_") and the header field each fills.
KEYS = {
    "title": "title",
    "author": "author",
    "authors": "author",
    "creator": "author",
    "creators": "author",
    "writer": "author",
    "by": "author",
    "rating": "rating",
    "rated": "rating",
    "fandom": "fandom",
    "fandoms": "fandom",
    "relationship": "pairing",
    "relationships": "pairing",
    "pairing": "pairing",
    "pairings": "pairing",
    "ship": "pairing",
    "ships": "pairing",
    "character": "characters",
    "characters": "characters",
    "warning": "warnings",
    "warnings": "warnings",
    "archive_warning": "warnings",
    "archive_warnings": "warnings",
    "tags": "tags",
    "freeform": "tags",
    "freeforms": "tags",
    "additional_tags": "tags",
    "summary": "summary",
    "synopsis": "summary",
    "blurb": "summary",
    "description": "summary",
    "notes": "notes",
    "note": "notes",
    "author_notes": "notes",
    "authors_notes": "notes",
    "end_notes": "end_notes",
    "endnotes": "end_notes",
    "disclaimer": "disclaimer",
    "spoilers": "spoilers",
    "language": "language",
    "lang": "language",
    "words": "word_count",
    "word_count": "word_count",
    "wordcount": "word_count",
    "chapters": "chapters",
    "chapter": "chapters",
    "status": "status",
    "complete": "status",
    "date": "published",
    "published": "published",
    "posted": "published",
    "updated": "updated",
    "beta": "beta",
    "betas": "beta",
    "dedication": "dedication",
    "gift": "dedication",
    "for": "dedication",
    "category": "category",
    "categories": "category",
}
SERIES_KEYS = ("series", "series_title", "series_name")
SERIES_PART_KEYS = ("series_weight", "series_part", "series_index", "series_number", "part")
# The keys of a series entry given as a mapping that say its part.
ENTRY_PART_KEYS = ("part", "index", "number", "position", "order", "weight")
# The site generator's own keys: where and how to show the page, not what the work is.
SITE_KEYS = {
    "layout",
    "slug",
    "weight",
    "draft",
    "type",
    "id",
    "url",
    "permalink",
    "aliases",
    "menu",
    "toc",
    "image",
    "cover",
    "lastmod",
    "sidebar_position",
    "sidebar_label",
    "ao3_url",
    "source_url",
    "link",
    "keywords",
    "template",
    "comments",
    "share",
    "hidden",
    "expirydate",
    "publishdate",
}


def detect(text: str, filename: str = "") -> bool:
    """A `---` (or `+++`) line first, closed by another within the front matter's bounds, with
    keys between."""
    return text[:3] in ("---", "+++") and read_front_matter(text) is not None


def parse(text: str, filename: str = "") -> Document:
    """Front-matter fields, then the story below as markdown (or HTML)."""
    matter = read_front_matter(text)
    if matter is None:
        return markdown_parse(text, filename)
    lines = text.split("\n")
    fields = _fields(matter)
    body = lines[matter.end :]
    if looks_like_html("\n".join(body[:200])):
        page = html_to_lines("\n".join(body))
        numbers = [n + matter.end for n in page.numbers]
        return Document(NAME, page.lines, numbers, headings=page.headings, fields=fields)
    story = read_story(body, matter.end + 1)
    have = {f.name for f in fields}
    story.fields = fields + [f for f in story.fields if f.name not in have]
    if story.body_start is None:
        story.body_start = 0  # the front matter was the header
    doc = story.document(NAME)
    doc.tags_as_written = _from_ao3(matter)
    return doc


def _from_ao3(matter: FrontMatter) -> bool:
    """The front matter was scraped from AO3 (an `ao3_url`, a link to the archive)."""
    return any(
        key.casefold().startswith("ao3") or "archiveofourown.org" in str(value)
        for key, value in matter.values.items()
    )


def _key(name: str) -> str:
    return name.strip().casefold().replace("-", "_").replace(" ", "_")


def _items(value: str | list[str]) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [text for text in (render_inline(item).strip() for item in items) if text]


def _fields(matter: FrontMatter) -> list[Field]:
    """The front matter's values as header fields, one field per list item."""
    fields: list[Field] = []
    values = {_key(k): v for k, v in matter.values.items()}
    lines = {_key(k): n for k, n in matter.lines.items()}
    title = _items(values.get("title", ""))
    for key, value in values.items():
        name = KEYS.get(key)
        line = lines.get(key)
        if key in SERIES_KEYS or key in SERIES_PART_KEYS:
            continue
        if name is None:
            if key not in SITE_KEYS:
                for item in _items(value):
                    fields.append(Field("unknown", key, item, line, source=SOURCE))
            continue
        items = _items(value)
        if name == "summary" and key == "description" and (items == title or "summary" in values):
            continue  # a page description repeating the title, or beside a summary
        if name == "category" and not all(i.casefold() in CATEGORY_WORDS for i in items):
            continue  # the site's categories ("chapters", "fic"), not AO3's F/M, Gen...
        for item in items:
            field = Field(name, key, item, line, source=SOURCE)
            field.item = isinstance(value, list)
            fields.append(field)
        heading = read_chapter_heading(items[0]) if name == "title" and items else None
        if heading is not None:
            # A chapter's page titled "Глава 1. ..." / "Chapter 3: ...": the file is that chapter.
            fields.append(Field("chapters", key, str(heading.number), line, source=SOURCE))
    fields.extend(_series(values, lines))
    return fields


def _series(values: dict, lines: dict) -> list[Field]:
    """`series: [Name]` with `series_weight: 2` as "Name, part 2"."""
    key = next((k for k in SERIES_KEYS if values.get(k)), None)
    if key is None:
        return []
    names = _items(values[key])
    if not names:
        return []
    part_key = next((k for k in SERIES_PART_KEYS if values.get(k)), None)
    parts = _items(values[part_key]) if part_key else []
    value = names[0]
    if "\n" in value:
        # "- title: Name" over "  part: 2": a series given as a mapping in the list.
        entries = dict(line.partition(": ")[::2] for line in value.split("\n"))
        value = next((entries[k] for k in ("title", "name") if entries.get(k)), "")
        parts = [entries[k] for k in ENTRY_PART_KEYS if entries.get(k)] or parts
        if not value:
            return []
    if parts and parts[0].isdigit():
        value = f"{value}, part {int(parts[0])}"
    return [Field("series", key, value, lines.get(key), source=SOURCE)]
