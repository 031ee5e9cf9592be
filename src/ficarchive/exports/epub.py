"""EPUB 3 writer (with an NCX for older readers), built on zipfile and the app's templates.

Layout: `mimetype` (first, stored), `META-INF/container.xml`, and under `EPUB/` the package
document, the navigation document, the NCX, one stylesheet and the XHTML pages: a title page per
work, one page per chapter, end notes, and for a series a front page listing its works.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from datetime import UTC
from typing import BinaryIO

from django.conf import settings
from django.template.loader import get_template

from ficarchive.exports.book import Book, Collection
from ficarchive.exports.text import xhtml_to_plain
from ficarchive.sanitize.text import text_clean

PACKAGE_DIR = "EPUB"
PACKAGE_PATH = f"{PACKAGE_DIR}/package.opf"
XHTML = "application/xhtml+xml"


@dataclass
class ManifestItem:
    id: str
    href: str
    media_type: str
    properties: str = ""
    in_spine: bool = False


@dataclass
class NavPoint:
    label: str
    href: str
    id: str = ""
    order: int = 0
    children: list[NavPoint] = field(default_factory=list)


@dataclass
class Page:
    """One XHTML page: where it goes, and what its template needs."""

    href: str
    template: str
    context: dict


def _manifest(pages: list[Page]) -> list[ManifestItem]:
    """The package's items: navigation, style sheet, then every page in reading order."""
    return [
        ManifestItem("nav", "nav.xhtml", XHTML, properties="nav"),
        ManifestItem("ncx", "toc.ncx", "application/x-dtbncx+xml"),
        ManifestItem("css", "style.css", "text/css"),
        *(
            ManifestItem(f"p{index}", page.href, XHTML, in_spine=True)
            for index, page in enumerate(pages, 1)
        ),
    ]


def _package_document(collection: Collection, items: list[ManifestItem]) -> str:
    """The OPF package document: metadata, manifest and spine."""
    return _render(
        "exports/epub/package.xml",
        {
            "book": collection,
            "items": items,
            "description": _description(collection),
            "published": _published(collection),
            "publisher": getattr(settings, "FICARCHIVE_SITE_NAME", "ficarchive"),
            "modified": collection.modified.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "series": collection.books[0].series if not collection.is_series else [],
        },
    )


def _navigation(
    collection: Collection, pages: list[Page], nav: list[NavPoint], base: dict[str, str]
) -> tuple[str, str]:
    """The EPUB 3 navigation document and the EPUB 2 NCX, from the same table of contents."""
    first_chapter = next((p.href for p in pages if "-c" in p.href), pages[0].href)
    nav_page = _render(
        "exports/epub/nav.html",
        {
            **base,
            "page_title": "Contents",
            "css_href": "style.css",
            "nav": nav,
            "title_href": pages[0].href,
            "body_href": first_chapter,
        },
    )
    ncx = _render(
        "exports/epub/toc.xml",
        {"book": collection, "nav": nav, "depth": 2 if collection.is_series else 1},
    )
    return nav_page, ncx


def epub_write(collection: Collection, out: BinaryIO) -> None:
    """Write `collection` as an EPUB 3 file to the binary stream `out` (deterministic bytes)."""
    pages, nav = _plan(collection)
    _number(nav)
    base = {
        "language": collection.language,
        "direction": collection.direction,
        "page_title": collection.title,
    }
    stamp = collection.modified.astimezone(UTC)
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, 0)
    nav_page, ncx = _navigation(collection, pages, nav, base)

    with zipfile.ZipFile(out, "w") as archive:

        def put(name: str, text: str, *, stored: bool = False) -> None:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            # The guard on output: whatever the database holds, every file is valid XML text.
            archive.writestr(info, text_clean(text).encode("utf-8"))

        # The OCF rule: `mimetype` first, uncompressed, no extra field.
        put("mimetype", "application/epub+zip", stored=True)
        container = _render("exports/epub/container.xml", {"package_path": PACKAGE_PATH})
        put("META-INF/container.xml", container)
        put(PACKAGE_PATH, _package_document(collection, _manifest(pages)))
        put(f"{PACKAGE_DIR}/style.css", _render("exports/epub/style.css", {}))
        put(f"{PACKAGE_DIR}/nav.xhtml", nav_page)
        put(f"{PACKAGE_DIR}/toc.ncx", ncx)
        for page in pages:
            put(f"{PACKAGE_DIR}/{page.href}", _render(page.template, {**base, **page.context}))


def _plan(collection: Collection) -> tuple[list[Page], list[NavPoint]]:
    """Every page in reading order, and the table of contents that points at them."""
    pages: list[Page] = []
    nav: list[NavPoint] = []
    if collection.is_series:
        href = "text/series.xhtml"
        pages.append(Page(href, "exports/epub/series.html", {"collection": collection}))
        nav.append(NavPoint(collection.title, href))
    for index, book in enumerate(collection.books, 1):
        book_pages, book_nav = _plan_book(book, prefix=f"text/w{index:02d}")
        pages += book_pages
        if collection.is_series:
            # The work's own entry leads to its title page, so its "Title page" child goes.
            nav.append(NavPoint(book.title, book_pages[0].href, children=book_nav[1:]))
        else:
            nav += book_nav
    return pages, nav


def _plan_book(book: Book, *, prefix: str) -> tuple[list[Page], list[NavPoint]]:
    title_href = f"{prefix}-title.xhtml"
    pages = [Page(title_href, "exports/epub/title.html", {"book": book, "page_title": book.title})]
    nav = [NavPoint("Title page", title_href)]
    for chapter in book.chapters:
        href = f"{prefix}-c{chapter.number:03d}.xhtml"
        pages.append(
            Page(
                href,
                "exports/epub/chapter.html",
                {"chapter": chapter, "page_title": chapter.heading},
            )
        )
        nav.append(NavPoint(chapter.heading, href))
    # The last page: end notes, if any, then the way back to the work and its comments.
    href = f"{prefix}-end.xhtml"
    label = "End Notes" if book.has_end_notes else "Afterword"
    pages.append(Page(href, "exports/epub/end.html", {"book": book, "page_title": label}))
    nav.append(NavPoint(label, href))
    return pages, nav


def _number(nav: list[NavPoint]) -> None:
    """Give every navigation point a unique id and its play order (depth first)."""
    counter = 0

    def walk(points: list[NavPoint]) -> None:
        nonlocal counter
        for point in points:
            counter += 1
            point.id, point.order = f"nav-{counter}", counter
            walk(point.children)

    walk(nav)


def _description(collection: Collection) -> str:
    """The summary as plain text for dc:description (the XHTML's text, tags dropped)."""
    source = collection.summary_xhtml or (
        collection.books[0].summary_xhtml if collection.books else ""
    )
    return xhtml_to_plain(source).strip()


def _published(collection: Collection) -> str:
    dates = [b.published for b in collection.books if b.published]
    return min(dates).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if dates else ""


def _render(template_name: str, context: dict) -> str:
    return get_template(template_name).render(context)
