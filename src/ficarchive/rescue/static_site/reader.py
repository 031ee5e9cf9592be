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
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import unquote, urlsplit

from ficarchive.legacy import parse_bytes
from ficarchive.legacy.decode import decode_bytes
from ficarchive.legacy.knowledge import load_knowledge
from ficarchive.rescue.page_body import END_MARKER, page_body_html, words
from ficarchive.rescue.source import ArchiveInfo, Chapter, Member, Problem, Series, Story
from ficarchive.rescue.text import one_line
from ficarchive.rescue.tree import SourceTree
from ficarchive.works.services import blocks_to_html

PAGE_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
# Plain-text stories the index pages link to (they link to nothing themselves).
TEXT_SUFFIXES = (".txt",)
MAX_PAGES = 20_000
# A page with fewer words of its own than this, and links to other pages, is an index; a page
# with fewer than MIN_STORY_WORDS and no such links is neither (an "about" page, a 404 page).
STORY_WORDS = 120
MIN_STORY_WORDS = 40
_LINK = re.compile(r"""(?is)<a\s[^>]*?href\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)[^>]*>(.*?)</a\s*>""")
# `javascript:window.open('fic/one.html')`: a pop-up window's page.
_SCRIPT_TARGET = re.compile(
    r"""(?is)^javascript:[^'"]*['"]([^'"]+?\.(?:s?html?|xhtml|txt))(?:[?#][^'"]*)?['"]"""
)
# A story page among the files that no index page leads to: reported, not guessed at.
MAX_UNLINKED_REPORTED = 200
# The pages of a frameset (a navigation frame beside a content frame) and of inline frames.
_FRAME = re.compile(r"""(?is)<i?frame\s[^>]*?src\s*=\s*["']?([^"'\s>#]+)""")
_MAILTO = re.compile(r"""(?i)href\s*=\s*["']?mailto:([^"'\s>?]+)""")
_TITLE = re.compile(r"(?is)<title[^>]*>(.*?)</title>")
_NEXT = re.compile(r"(?i)\b(?:next|continue[sd]?|chapter\s+\d+|part\s+\d+)\b|>>|»|→")


# A link labelled as a part of a story: "Part 2", "Chapter III", "2", "Prologue".
_CHAPTER_LABEL = re.compile(
    r"(?i)^\W*(?:(?:part|chapter|ch\.?|pt\.?|book|section|episode)\s*(?:\d+|[ivxlc]+|one|two|three|four|five|six|seven|eight|nine|ten)\b"
    r"|\d+\b|[ivxlc]+\W*$|prologue|epilogue|interlude)"
)
# A link to a story's first part: a later part's link goes on the story before it.
_FIRST_PART = re.compile(
    r"(?i)^\W*(?:(?:part|chapter|ch\.?|pt\.?|book|section|episode)\s*(?:0*1|i|one)\b|0*1\b"
    r"|prologue)"
)
# A part number at the end of a title: "Tides 2", "Tides - Part II", "Tides (2/3)".
_PART_SUFFIX = re.compile(
    r"(?i)(?:[\s,:;.\-–—]+|^)[(\[]?\s*(?:(?:part|chapter|ch\.|pt\.?|book|section)\s*)?"
    r"(?:\d+|[ivxlc]+)(?:\s*(?:/|of)\s*\d+)?\s*[)\]]?\s*$"
)


def _title_key(title: str) -> str:
    return " ".join(_PART_SUFFIX.sub("", title).split()).casefold()


@dataclass
class Page:
    path: str
    html: str
    title: str
    links: list[tuple[str, str]] = field(default_factory=list)  # (local page path, link text)
    story_words: int = 0


def _is_page(path: str) -> bool:
    return path.lower().endswith(PAGE_SUFFIXES + TEXT_SUFFIXES)


def _is_text(path: str) -> bool:
    return path.lower().endswith(TEXT_SUFFIXES)


class StaticSite:
    """The rescue's view of a static site (see `ficarchive.rescue.source`)."""

    def __init__(self, tree: SourceTree, start: str, old_url: str | None = None) -> None:
        self.tree = tree
        self.start = start
        root = posixpath.dirname(start)
        self.root = root
        self.problems: list[Problem] = []
        self.pages: dict[str, Page] = {}
        hrefs: dict[str, list[tuple[str, str]]] = {}
        for path in [p for p in tree.paths if _is_page(p)][:MAX_PAGES]:
            if root and not path.startswith(root + "/"):
                continue
            self.pages[path], hrefs[path] = self._page(path)
        self.own_hosts = self._own_hosts(hrefs) | ({_host(old_url)} if old_url else set())
        for path, found in hrefs.items():
            for href, label in found:
                target = self._local(href, path)
                if target and target != path:
                    self.pages[path].links.append((target, label))
        front = self.pages.get(start)
        self.info = ArchiveInfo(
            name=(front.title if front and front.title else tree.name),
            software="static site",
            url=self.home,
            site_root=root,
        )
        self.chrome = self._chrome_links()
        self._parsed: dict[str, object] = {}
        self.listed_on: dict[str, list[str]] = {}  # story page -> titles of indexes listing it
        self.groups = self._stories()
        self._members: dict[str, Member] = {}
        self._unlinked_report()

    def _page(self, path: str) -> tuple[Page, list[tuple[str, str]]]:
        """The page, and the (address, link text) of every link and frame on it."""
        text = decode_bytes(self.tree.read(path) or b"").text
        if _is_text(path):
            return Page(path, text, "", story_words=len(text.split())), []
        title = _TITLE.search(text)
        page = Page(path, text, one_line(title.group(1)) if title else "")
        found = [(href.strip("\"'"), one_line(label)) for href, label in _LINK.findall(text)]
        found += [(src, "") for src in _FRAME.findall(text)]
        page.story_words = words(page_body_html(text))
        return page, found

    def _own_hosts(self, hrefs: dict[str, list[tuple[str, str]]]) -> set[str]:
        """Hosts the site's own pages were served from, told by its absolute links: a host
        at least two of whose links, and at least half, lead to pages among the files. The
        address they share (host and folder) becomes `self.home`."""
        total: Counter[str] = Counter()
        found: Counter[str] = Counter()
        homes: Counter[str] = Counter()
        for links in hrefs.values():
            for href, _ in links:
                if not re.match(r"(?i)^https?://", href):
                    continue
                host = _host(href)
                total[host] += 1
                parts = urlsplit(unescape(href))
                page = self._on_site(parts.path)
                if page:
                    found[host] += 1
                    relative = self._relative(page)
                    folder = unquote(parts.path)[: -len(relative)] if relative else parts.path
                    homes[f"{parts.scheme.lower()}://{parts.netloc.lower()}{folder}"] += 1
        own = {h for h, n in found.items() if n >= 2 and 2 * n >= total[h]}
        ranked = [home for home, _ in homes.most_common() if _host(home) in own]
        self.home = ranked[0].rstrip("/") if ranked else ""
        return own

    def _on_site(self, url_path: str) -> str | None:
        """The page an address on the site's own host shows: the longest end of its path
        that is a page here (the host's folders above the site are not handed over)."""
        parts = [p for p in unquote(url_path).split("/") if p and p not in (".", "..")]
        for start in range(len(parts)):
            relative = "/".join(parts[start:])
            found = self.tree.actual(f"{self.root}/{relative}" if self.root else relative)
            if found and _is_page(found):
                return found
        return None

    def _local(self, href: str, page: str) -> str | None:
        """The page among the files that `href` on `page` leads to, or None. Besides relative
        and own-host links: a pop-up's `javascript:` page, and the `file:` links of sites
        made in an editor on the author's own computer (`file:///C:/My Documents/...`)."""
        href = unescape(href).strip()
        script = _SCRIPT_TARGET.match(href)
        if script:
            href = script.group(1).strip()
        if re.match(r"(?i)^https?://", href) and _host(href) in self.own_hosts:
            return self._on_site(urlsplit(href).path)
        if re.match(r"(?i)^file:", href):
            return self._on_site(unquote(href[5:]).replace("\\", "/").split("?")[0])
        href = unquote(href.split("#")[0].split("?")[0]).replace("\\", "/")
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
        """The front page; a page of few words linking to several pages; a page of too few
        words to be a story linking to any (an author's page listing her one story)."""
        own = self._own_links(page)
        return (
            page.path == self.start
            or (page.story_words < STORY_WORDS and len(own) >= 2)
            or (page.story_words < MIN_STORY_WORDS and len(own) >= 1)
        )

    def _is_story(self, path: str, index_paths: set[str]) -> bool:
        page = self.pages.get(path)
        return page is not None and path not in index_paths and page.story_words >= MIN_STORY_WORDS

    def _groups(self, index: Page, targets: list[str]) -> list[list[str]]:
        """The story pages `index` lists, in its order, cut into stories: a page goes on the
        story before it when its link is labelled as a later part ("Part 2"), when it
        carries that story's title but for a part number, or when the page before leads on
        to it ("Next", "Part 2"; not "the sequel"). An author's or a fandom's page thus gives one story per title, a contents page one
        story."""
        labels = {t: label for t, label in reversed(index.links)}
        groups: list[list[str]] = []
        for target in targets:
            if groups and self._continues(groups[-1], target, labels.get(target, "")):
                groups[-1].append(target)
            else:
                groups.append([target])
        return groups

    def _continues(self, story: list[str], page: str, label: str) -> bool:
        if _CHAPTER_LABEL.match(label) and not _FIRST_PART.match(label):
            return True
        key = _title_key(self._title_of(page))
        if key and key == _title_key(self._title_of(story[0])):
            return True
        return any(
            t == page and (_NEXT.search(text) or _CHAPTER_LABEL.match(text))
            for t, text in self.pages[story[-1]].links
        )

    def _title_of(self, path: str) -> str:
        """A story page's title: its header's, else its <title> unless the whole site uses
        that one."""
        parsed = self._parsed_of(path)
        if parsed.title:
            return parsed.title
        title = self.pages[path].title
        return "" if title in self._site_titles else title

    @property
    def _site_titles(self) -> set[str]:
        if not hasattr(self, "_shared_titles"):
            counts: dict[str, int] = {}
            for page in self.pages.values():
                counts[page.title] = counts.get(page.title, 0) + 1
            self._shared_titles = {t for t, n in counts.items() if n > max(2, len(self.pages) // 3)}
        return self._shared_titles

    def _indexes(self) -> list[Page]:
        """The index pages a reader reaches from the front page, nearest first."""
        indexes = []
        seen, queue = {self.start}, [self.start]
        while queue:
            page = self.pages.get(queue.pop(0))
            if page is None:
                continue
            if self._is_index(page):
                indexes.append(page)
            for target, _ in page.links:
                if target not in seen and target in self.pages:
                    seen.add(target)
                    queue.append(target)
        return indexes

    def _stories(self) -> list[list[str]]:
        """Story pages grouped into stories (each a list of chapter pages, in order)."""
        stories: list[list[str]] = []
        listed: set[str] = set()
        indexes = self._indexes()
        index_paths = self.index_paths = {p.path for p in indexes}
        for index in indexes:
            targets = [t for t in self._own_links(index) if self._is_story(t, index_paths)]
            for target in targets:
                self.listed_on.setdefault(target, []).append(index.title)
            for group in self._groups(index, targets):
                if len(group) >= 2 and not any(t in listed for t in group):
                    stories.append(group)  # one story's chapters, in the index's order
                    listed.update(group)
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

    def _unlinked_report(self) -> None:
        """A problem for each page of a story's length that no index leads to."""
        reached = {p for group in self.groups for p in group} | self.index_paths
        unlinked = [
            path
            for path, page in self.pages.items()
            if path not in reached and page.story_words >= STORY_WORDS
        ]
        for path in unlinked[:MAX_UNLINKED_REPORTED]:
            detail = (
                f"{self._relative(path)} ({self.pages[path].story_words} words) is among the "
                "files but no index page leads to it: not imported"
            )
            self.problems.append(Problem("page_not_linked", detail, {"path": self._relative(path)}))
        if len(unlinked) > MAX_UNLINKED_REPORTED:
            more = len(unlinked) - MAX_UNLINKED_REPORTED
            self.problems.append(
                Problem("page_not_linked", f"and {more} more pages no index leads to", {})
            )

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

    def _index_fandoms(self, group: list[str]) -> list[str]:
        """Fandoms named by the index pages that list the story (a site sorted by fandom)."""
        knowledge = load_knowledge()
        found = []
        for title in self.listed_on.get(group[0], []):
            fandom = knowledge.fandom(title) if title else None
            if fandom is not None and fandom.name not in found:
                found.append(fandom.name)
        return found

    def _story(self, group: list[str]) -> Story:
        parsed = self._parsed_of(group[0])
        if not parsed.fandoms:
            parsed.fandoms = self._index_fandoms(group)
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
                    html=_story_part(page, chapter_parsed, story.title),
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


def _host(url: str) -> str:
    """A URL's host without "www." (the same site either way)."""
    return (urlsplit(url).hostname or "").removeprefix("www.")


def _member_key(name: str) -> str:
    digest = hashlib.sha256(name.strip().casefold().encode()).hexdigest()
    return str(int(digest[:10], 16))


def _story_part(page: Page, parsed, title: str) -> str:
    """The page's story HTML, from the legacy reader's first body paragraph on (its header
    left out) to its last (the footer left out); a text file's paragraphs as HTML."""
    if _is_text(page.path):
        return blocks_to_html([b for b in parsed.blocks if not END_MARKER.match(b.text)])
    body = page_body_html(page.html, title)
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
