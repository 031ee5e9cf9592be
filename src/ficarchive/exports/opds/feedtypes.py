"""Atom feed generators that speak OPDS 1.2: typed links, several authors, labelled categories,
OpenSearch paging figures, and Dublin Core language and dates.

The `Feed` classes in `feeds.py` pass everything through `feed_extra_kwargs` / `item_extra_kwargs`
(each entry already written, by `entries.entry_written`); these generators write the feed around
the entries with the syndication framework's XML writer.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.feedgenerator import Atom1Feed, rfc3339_date
from django.utils.xmlutils import SimplerXMLGenerator

from ficarchive.sanitize.text import text_clean

NAVIGATION_TYPE = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQUISITION_TYPE = "application/atom+xml;profile=opds-catalog;kind=acquisition"
OPENSEARCH_TYPE = "application/opensearchdescription+xml"
ACQUISITION_REL = "http://opds-spec.org/acquisition"
NAMESPACES = {
    "xmlns:dc": "http://purl.org/dc/terms/",
    "xmlns:opds": "http://opds-spec.org/2010/catalog",
    "xmlns:opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}


@dataclass(frozen=True)
class Link:
    """An Atom link with the attributes OPDS readers look at."""

    rel: str
    href: str
    type: str
    title: str = ""

    def attributes(self) -> dict[str, str]:
        attrs = {"rel": self.rel, "href": self.href, "type": self.type}
        if self.title:
            attrs["title"] = self.title
        return attrs


@dataclass(frozen=True)
class Category:
    term: str
    label: str
    scheme: str


class XMLSafeGenerator(SimplerXMLGenerator):
    """The syndication XML writer, guarding on output: text and attribute values pass through
    `text_clean`, so a control character stored by any route cannot make a feed ill-formed
    (the stock writer raises, and would answer 500 for every reader of the catalog)."""

    def characters(self, content) -> None:
        super().characters(text_clean(content) if content else content)

    def startElement(self, name, attrs) -> None:
        cleaned = {k: text_clean(v) for k, v in (attrs or {}).items()}
        super().startElement(name, cleaned)  # type: ignore[arg-type]  # Django passes dicts too

    def written(self, xml: str) -> None:
        """Add XML this writer's class wrote before (an entry kept from an earlier feed)."""
        self._finish_pending_start_element()  # type: ignore[attr-defined]
        self._write(xml)  # type: ignore[attr-defined]


class OPDSAcquisitionFeed(Atom1Feed):
    """An OPDS acquisition feed: entries are books with acquisition links."""

    content_type = f"{ACQUISITION_TYPE}; charset=utf-8"

    def write(self, outfile, encoding) -> None:
        """Atom1Feed.write with the guarding XML writer."""
        handler = XMLSafeGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def root_attributes(self) -> dict[str, str]:
        return {**super().root_attributes(), **NAMESPACES}

    def add_root_elements(self, handler) -> None:
        handler.addQuickElement("id", self.feed["id"])
        handler.addQuickElement("title", self.feed["title"])
        if self.feed["subtitle"]:
            handler.addQuickElement("subtitle", self.feed["subtitle"])
        handler.addQuickElement("updated", rfc3339_date(self.latest_post_date()))
        handler.startElement("author", {})
        handler.addQuickElement("name", self.feed["author_name"] or "ficarchive")
        if self.feed["author_link"]:
            handler.addQuickElement("uri", self.feed["author_link"])
        handler.endElement("author")
        for link in self.feed.get("links", ()):
            handler.addQuickElement("link", "", link.attributes())
        paging = self.feed.get("paging")
        if paging:
            total, per_page, start = paging
            handler.addQuickElement("opensearch:totalResults", str(total))
            handler.addQuickElement("opensearch:itemsPerPage", str(per_page))
            handler.addQuickElement("opensearch:startIndex", str(start))

    def write_items(self, handler) -> None:
        """Each entry's XML as the feed passes it (`entry_xml`, from `entries.entry_written`:
        entries of works are kept per work until it changes)."""
        for item in self.items:
            handler.written(item["entry_xml"])


class OPDSNavigationFeed(OPDSAcquisitionFeed):
    """An OPDS navigation feed: entries lead to other feeds."""

    content_type = f"{NAVIGATION_TYPE}; charset=utf-8"
