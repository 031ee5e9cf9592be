"""Catalog entries: a work (authors, tags as categories, summary, acquisition links) or a way
into another feed, and the page that holds them. Built with absolute URLs for the request."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from io import StringIO

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import rfc3339_date
from django.utils.html import format_html

from ficarchive.exports.book import export_slug, language_code, work_identifier
from ficarchive.exports.formats import FORMATS
from ficarchive.exports.opds.feedtypes import ACQUISITION_REL, Category, Link, XMLSafeGenerator
from ficarchive.exports.text import xhtml_to_plain
from ficarchive.exports.xhtml import rich_text_to_xhtml
from ficarchive.search.rendered import works_rendered
from ficarchive.works.models import Authorship, Chapter, Tag, TagType, Work

CATEGORY_SCHEME = "urn:x-ficarchive:tag-type:{type}"


@dataclass
class CatalogEntry:
    """One <entry>: a work, or a way into another feed."""

    title: str
    id: str
    link: str
    updated: datetime
    published: datetime | None = None
    summary: str = ""
    content_html: str = ""
    authors: list[tuple[str, str]] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    language: str = ""
    issued: str = ""
    # The entry already written as XML (a work's, kept until the work changes): when set, the
    # feed writes it as it is.
    xml: str = ""


def entry_written(entry: CatalogEntry) -> str:
    """`entry` as one <entry> of the feed's XML (what it kept, if it holds that): text and
    attributes guarded as in the whole feed."""
    if entry.xml:
        return entry.xml
    out = StringIO()
    handler = XMLSafeGenerator(out, "utf-8", short_empty_elements=True)
    handler.startElement("entry", {})
    handler.addQuickElement("title", entry.title)
    handler.addQuickElement("id", entry.id)
    handler.addQuickElement("updated", rfc3339_date(entry.updated))
    if entry.published is not None:
        handler.addQuickElement("published", rfc3339_date(entry.published))
    for name, uri in entry.authors:
        handler.startElement("author", {})
        handler.addQuickElement("name", name)
        if uri:
            handler.addQuickElement("uri", uri)
        handler.endElement("author")
    if entry.language:
        handler.addQuickElement("dc:language", entry.language)
    if entry.issued:
        handler.addQuickElement("dc:issued", entry.issued)
    for category in entry.categories:
        attributes = {"term": category.term, "label": category.label, "scheme": category.scheme}
        handler.addQuickElement("category", "", attributes)
    if entry.summary:
        handler.addQuickElement("summary", entry.summary, {"type": "text"})
    if entry.content_html:
        handler.addQuickElement("content", entry.content_html, {"type": "html"})
    for link in entry.links:
        handler.addQuickElement("link", "", link.attributes())
    handler.endElement("entry")
    return out.getvalue()


@dataclass
class CatalogPage:
    """One page of one feed."""

    title: str
    id: str
    self_url: str
    html_url: str
    entries: list[CatalogEntry]
    links: list[Link]
    subtitle: str = ""
    paging: tuple[int, int, int] | None = None


def works_prefetch(works: list[Work]) -> None:
    """Creators, tags and posted-chapter counts for a page of works, in four queries."""
    prefetch_related_objects(
        works,
        Prefetch("authorship_set", queryset=Authorship.objects.select_related("creator")),
        "tags",
    )
    # Counted here from the page's chapter rows: no COUNT or GROUP BY on a reader's page.
    counts = Counter(
        Chapter.objects.filter(work__in=[w.pk for w in works], draft=False).values_list(
            "work_id", flat=True
        )
    )
    for work in works:
        work.posted_chapters = counts.get(work.pk, 0)  # type: ignore[attr-defined]  # for the entry


def navigation_entry(
    request: HttpRequest, title: str, summary: str, path: str, kind: str, updated: datetime | None
) -> CatalogEntry:
    """An entry leading to another feed (`kind` is that feed's OPDS media type)."""
    href = request.build_absolute_uri(path)
    return CatalogEntry(
        title=title,
        id=href,
        link=href,
        updated=updated or timezone.now(),
        summary=summary,
        links=[Link("subsection", href, kind, title)],
    )


def work_entries(request: HttpRequest, ids: list[int]) -> list[CatalogEntry]:
    """The entries of the works `ids` (in that order; ids the reader may see), each written as
    XML once and kept until the work changes (`search.rendered.works_rendered`, under the
    site's address: entries hold absolute links), so a page of entries costs one cache read
    and the loading of the works missing from it."""

    def written(missing: list[int]) -> dict[int, CatalogEntry]:
        works = list(Work.objects.filter(pk__in=missing))
        works_prefetch(works)
        return {work.pk: _kept(work_entry(request, work)) for work in works}

    kind = f"opds-entry:{request.scheme}://{request.get_host()}"
    kept = works_rendered(ids, kind=kind, render_missing=written)
    return [kept[work_id] for work_id in ids if work_id in kept]


def _kept(entry: CatalogEntry) -> CatalogEntry:
    """What a kept entry holds: its XML, and the dates the feed's own dates are made from."""
    return CatalogEntry(
        title=entry.title,
        id=entry.id,
        link=entry.link,
        updated=entry.updated,
        published=entry.published,
        xml=entry_written(entry),
    )


def work_updated(work: Work) -> datetime:
    """When the work last changed for readers (its stated update date, else the row's)."""
    return work.updated_at or work.modified_at


def work_entry(request: HttpRequest, work: Work) -> CatalogEntry:
    """A work with its authors, tags as categories, summary and acquisition links."""
    absolute = request.build_absolute_uri
    creators = [a.creator for a in work.authorship_set.all()]
    tags = sorted(work.tags.all(), key=lambda t: (t.type, t.name))
    slug = export_slug(title=work.title, fallback=f"work-{work.pk}")
    links = [Link("alternate", absolute(work.get_absolute_url()), "text/html", "Read online")]
    links += [
        Link(
            ACQUISITION_REL,
            absolute(reverse("exports:download_named", args=[work.pk, slug, fmt])),
            export_format.media_type,
            export_format.label,
        )
        for fmt, export_format in FORMATS.items()
    ]
    summary_xhtml = rich_text_to_xhtml(work.summary)
    return CatalogEntry(
        title=work.title,
        id=work_identifier(work),
        link=absolute(work.get_absolute_url()),
        updated=work_updated(work),
        published=work.published_at,
        summary=xhtml_to_plain(summary_xhtml),
        content_html=_content_html(work, tags, summary_xhtml),
        authors=[(c.name, absolute(c.get_absolute_url())) for c in creators],
        categories=[
            Category(term=t.name, label=t.name, scheme=CATEGORY_SCHEME.format(type=t.type))
            for t in tags
        ],
        links=links,
        language=language_code(work.language),
        issued=work.published_at.date().isoformat() if work.published_at else "",
    )


def _content_html(work: Work, tags: list[Tag], summary_xhtml: str) -> str:
    """The facts a reader app shows under the title, as HTML."""
    by_type: dict[str, list[str]] = {}
    for tag in tags:
        by_type.setdefault(tag.type, []).append(tag.name)
    rating = ", ".join(by_type.get(TagType.RATING, [])) or "Not Rated"
    chapters = getattr(work, "posted_chapters", 0)
    html = format_html(
        "<p>{} · {} words · {} chapters</p>", rating, f"{work.word_count:,}", chapters
    )
    for tag_type, label in ((TagType.FANDOM, "Fandoms"), (TagType.RELATIONSHIP, "Relationships")):
        if by_type.get(tag_type):
            html += format_html("<p>{}: {}</p>", label, ", ".join(by_type[tag_type]))
    return html + summary_xhtml
