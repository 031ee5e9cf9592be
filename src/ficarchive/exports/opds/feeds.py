"""The OPDS catalog's feeds: Django syndication `Feed` classes over catalog pages.

Each feed reads one `CatalogPage` in `get_object` (with the reader's visibility) and hands
its parts to the OPDS feed generators.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse

from ficarchive.exports.opds import catalog
from ficarchive.exports.opds.catalog import CatalogEntry, CatalogPage
from ficarchive.exports.opds.entries import entry_written
from ficarchive.exports.opds.feedtypes import OPDSAcquisitionFeed, OPDSNavigationFeed
from ficarchive.search.params import text_searched
from ficarchive.site.throttles import throttled


class CatalogFeed(Feed):
    """Base: everything comes from the page object; subclasses name the page builder."""

    feed_type = OPDSAcquisitionFeed
    build_page: Callable[..., CatalogPage] = staticmethod(catalog.newest_page)

    def get_object(self, request, *args, **kwargs) -> CatalogPage:
        return self.build_page(request, *args, **kwargs)

    def title(self, obj: CatalogPage) -> str:
        return f"{getattr(settings, 'FICARCHIVE_SITE_NAME', 'ficarchive')}: {obj.title}"

    def link(self, obj: CatalogPage) -> str:
        return obj.html_url

    def feed_url(self, obj: CatalogPage) -> str:
        return obj.self_url

    def feed_guid(self, obj: CatalogPage) -> str:
        return obj.id

    def author_name(self) -> str:
        return getattr(settings, "FICARCHIVE_SITE_NAME", "ficarchive")

    def feed_extra_kwargs(self, obj: CatalogPage) -> dict:
        return {"links": obj.links, "paging": obj.paging}

    def items(self, obj: CatalogPage) -> list[CatalogEntry]:
        return obj.entries

    def item_title(self, item: CatalogEntry) -> str:
        return item.title

    def item_link(self, item: CatalogEntry) -> str:
        return item.link

    def item_description(self, item: CatalogEntry) -> str:
        return item.summary

    def item_guid(self, item: CatalogEntry) -> str:
        return item.id

    def item_pubdate(self, item: CatalogEntry):
        return item.published

    def item_updateddate(self, item: CatalogEntry):
        return item.updated

    def item_extra_kwargs(self, item: CatalogEntry) -> dict:
        return {"entry_xml": entry_written(item)}


class RootFeed(CatalogFeed):
    """/opds/: the navigation root."""

    feed_type = OPDSNavigationFeed
    build_page = staticmethod(catalog.root_page)


class NewestFeed(CatalogFeed):
    """/opds/new/: newest works."""

    build_page = staticmethod(catalog.newest_page)


class FandomsFeed(CatalogFeed):
    """/opds/fandoms/: one entry per fandom."""

    feed_type = OPDSNavigationFeed
    build_page = staticmethod(catalog.fandoms_page)


class RatingsFeed(CatalogFeed):
    """/opds/ratings/: one entry per rating."""

    feed_type = OPDSNavigationFeed
    build_page = staticmethod(catalog.ratings_page)


class TagFeed(CatalogFeed):
    """/opds/tags/<id>/: works with a tag (fandom, rating, any)."""

    build_page = staticmethod(catalog.tag_page)


class SeriesListFeed(CatalogFeed):
    """/opds/series/: one entry per series."""

    feed_type = OPDSNavigationFeed
    build_page = staticmethod(catalog.series_list_page)


class SeriesFeed(CatalogFeed):
    """/opds/series/<id>/: a series' works, and the whole series as one EPUB."""

    build_page = staticmethod(catalog.series_page)


class SearchFeed(CatalogFeed):
    """/opds/search/?q=: search results (counted against the visitor's search throttle)."""

    build_page = staticmethod(catalog.search_page)

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        view = throttled("search", when=text_searched)(super().__call__)
        return view(request, *args, **kwargs)
