"""A static site: a folder of hand-made HTML pages whose index pages link to stories and chapters.

The pages are read as a reader of the site would: from the front page, index pages (mostly
links) lead to story pages (mostly prose). A contents page that lists several story pages is
one story with those chapters, in its order; a story page whose "Next" link leads to a page no
index lists goes on in that page. Each story's first page is read with the legacy reader
(`ficarchive.legacy.parse_bytes`) for its header; the text keeps its links and images.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import unescape

from ficarchive.legacy import parse_bytes
from ficarchive.legacy.decode import decode_bytes
from ficarchive.rescue.page_body import page_body_html, words
from ficarchive.rescue.source import ArchiveInfo, Chapter, Member, Problem, Series, Story
from ficarchive.rescue.text import one_line
from ficarchive.rescue.tree import SourceTree

PAGE_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
MAX_PAGES = 20_000
# A page with fewer words of its own than this, and links to other pages, is an index; a page
# with fewer than MIN_STORY_WORDS and no such links is neither (an "about" page, a 404 page).
STORY_WORDS = 120
MIN_STORY_WORDS = 40
_LINK = re.compile(r"""(?is)<a\s[^>]*?href\s*=\s*["']?([^"'\s>#]+)[^>]*>(.*?)</a\s*>""")
_MAILTO = re.compile(r"""(?i)href\s*=\s*["']?mailto:([^"'\s>?]+)""")
_TITLE = re.compile(r"(?is)<title[^>]*>(.*?)</title>")
_NEXT = re.compile(r"(?i)\b(?:next|continue[sd]?|chapter\s+\d+|part\s+\d+)\b|>>|»|→")


@dataclass
class Page:
    path: str
    html: str
    title: str
    links: list[tuple[str, str]] = field(default_factory=list)  # (local page path, link text)
    story_words: int = 0


def _is_page(path: str) -> bool:
    return path.lower().endswith(PAGE_SUFFIXES)


class StaticSite:
    """The rescue's view of a static site (see `ficarchive.rescue.source`)."""

    def __init__(self, tree: SourceTree, start: str) -> None:
        self.tree = tree
        self.start = start
        root = posixpath.dirname(start)
        self.root = root
        self.problems: list[Problem] = []
        self.pages: dict[str, Page] = {}
        for path in [p for p in tree.paths if _is_page(p)][:MAX_PAGES]:
            if root and not path.startswith(root + "/"):
                continue
            self.pages[path] = self._page(path)
        front = self.pages.get(start)
        self.info = ArchiveInfo(
            name=(front.title if front and front.title else tree.name),
            software="static site",
            site_root=root,
        )
        self.chrome = self._chrome_links()
        self.groups = self._stories()
        self._members: dict[str, Member] = {}
        self._parsed: dict[str, object] = {}

    def _page(self, path: str) -> Page:
        text = decode_bytes(self.tree.read(path) or b"").text
        title = _TITLE.search(text)
        page = Page(path, text, one_line(title.group(1)) if title else "")
        for href, label in _LINK.findall(text):
            target = self._local(href, path)
            if target and target != path:
                page.links.append((target, one_line(label)))
        page.story_words = words(page_body_html(text))
        return page

    def _local(self, href: str, page: str) -> str | None:
        href = unescape(href).split("?")[0]
        if re.match(r"(?i)^[a-z][a-z0-9+.-]*:", href) or href.startswith("//"):
            return None
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), href)) if href else page
        found = self.tree.actual(path)
        return found if found and _is_page(found) else None

    def _chrome_links(self) -> set[str]:
        """Pages that most pages link to: the site's navigation, not its contents."""
        counts: dict[str, int] = {}
        for page in self.pages.values():
            for target in {t for t, _ in page.links}:
                counts[target] = counts.get(target, 0) + 1
        many = max(3, len(self.pages) // 2)
        return {t for t, n in counts.items() if n >= many}

    def _own_links(self, page: Page) -> list[str]:
        return list(dict.fromkeys(t for t, _ in page.links if t not in self.chrome))

    def _is_index(self, page: Page) -> bool:
        own = self._own_links(page)
        return page.path == self.start or (page.story_words < STORY_WORDS and len(own) >= 2)

    def _is_story(self, path: str, index_paths: set[str]) -> bool:
        page = self.pages.get(path)
        return page is not None and path not in index_paths and page.story_words >= MIN_STORY_WORDS

    def _stories(self) -> list[list[str]]:
        """Story pages grouped into stories (each a list of chapter pages, in order)."""
        indexes, stories, listed = [], [], set()
        seen, queue = {self.start}, [self.start]
        while queue:
            path = queue.pop(0)
            page = self.pages.get(path)
            if page is None:
                continue
            if self._is_index(page):
                indexes.append(page)
            for target, _ in page.links:
                if target not in seen and target in self.pages:
                    seen.add(target)
                    queue.append(target)
        index_paths = {p.path for p in indexes}
        for index in indexes:
            targets = [t for t in self._own_links(index) if self._is_story(t, index_paths)]
            if (
                index.path != self.start
                and len(targets) >= 2
                and not any(t in listed for t in targets)
            ):
                stories.append(targets)  # a contents page: one story, its chapters in order
                listed.update(targets)
        for index in indexes:
            for target in self._own_links(index):
                if self._is_story(target, index_paths) and target not in listed:
                    stories.append([target])
                    listed.add(target)
        for story in stories:
            while True:  # "Next" links to pages no index lists
                page = self.pages[story[-1]]
                following = [
                    t
                    for t, label in page.links
                    if _NEXT.search(label) and t not in listed and self._is_story(t, index_paths)
                ]
                if not following:
                    break
                story.append(following[0])
                listed.add(following[0])
        return stories

    def _parsed_of(self, path: str):
        if path not in self._parsed:
            self._parsed[path] = parse_bytes(self.tree.read(path) or b"", path)
        return self._parsed[path]

    def members(self) -> dict[str, Member]:
        if not self._members:
            for group in self.groups:
                parsed = self._parsed_of(group[0])
                emails = _MAILTO.findall(self.pages[group[0]].html)
                for name in parsed.authors or []:
                    key = _member_key(name)
                    email = emails[0] if len(parsed.authors) == 1 and emails else ""
                    self._members.setdefault(key, Member(key, name, email, ids={"author": name}))
        return self._members

    def author_ids(self) -> set[str]:
        return set(self.members())

    def story_count(self) -> int:
        return len(self.groups)

    def stories(self) -> Iterator[Story]:
        self.members()
        for group in self.groups:
            yield self._story(group)

    def _relative(self, path: str) -> str:
        return path[len(self.root) + 1 :] if self.root else path

    def _story(self, group: list[str]) -> Story:
        parsed = self._parsed_of(group[0])
        first = self.pages[group[0]]
        old_id = self._relative(group[0])
        authors = [_member_key(a) for a in parsed.authors or []]
        story = Story(
            old_id=old_id,
            title=parsed.title or first.title or posixpath.basename(group[0]),
            owner_id=authors[0] if authors else None,
            coauthor_ids=authors[1:],
            summary=parsed.summary or "",
            notes=parsed.notes or "",
            end_notes=parsed.end_notes or "",
            complete=True,
            language=parsed.language or "",
            permission=parsed.distribution.permission,
            parsed=parsed,
            ids={"old_id": old_id},
            paths=[old_id],
        )
        for number, path in enumerate(group, start=1):
            page = self.pages[path]
            chapter_parsed = parsed if number == 1 else self._parsed_of(path)
            relative = self._relative(path)
            story.chapters.append(
                Chapter(
                    old_id=relative,
                    title=(chapter_parsed.chapters[0].title if chapter_parsed.chapters else None)
                    or "",
                    html=_story_part(page.html, chapter_parsed, story.title),
                    number=number,
                    member_id=story.owner_id,
                    paths=[relative],
                    base=posixpath.dirname(relative),
                )
            )
        for diagnostic in parsed.diagnostics:
            if diagnostic.level == "error":
                story.problems.append(Problem("page_unreadable", diagnostic.message, story.ids))
        return story

    def series(self) -> list[Series]:
        return []

    def file(self, path: str) -> bytes | None:
        return self.tree.read(f"{self.root}/{path}" if self.root else path)

    def close(self) -> None:
        pass


def _member_key(name: str) -> str:
    digest = hashlib.sha256(name.strip().casefold().encode()).hexdigest()
    return str(int(digest[:10], 16))


def _story_part(html: str, parsed, title: str) -> str:
    """The page's story HTML, from the legacy reader's first body paragraph on (its header
    left out) to its last (the footer left out)."""
    body = page_body_html(html, title)
    blocks = [b for b in parsed.blocks if b.kind in ("paragraph", "verse") and b.text.strip()]
    if not blocks:
        return body
    paragraphs = re.split(r"(?i)(?=<p\b)", body)
    first = " ".join(blocks[0].text.split())[:40]
    for index, piece in enumerate(paragraphs):
        text = " ".join(unescape(re.sub(r"<[^>]*>", " ", piece)).split())
        if first and first[:30] in text:
            return "".join(paragraphs[index:])
    return body
