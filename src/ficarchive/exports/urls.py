"""URLs of the exports app: downloads and the OPDS catalog."""

from django.urls import path, re_path

from ficarchive.exports import views
from ficarchive.exports.opds import feeds
from ficarchive.exports.opds import views as opds_views

app_name = "exports"
urlpatterns = [
    re_path(
        r"^downloads/(?P<work_id>\d+)\.(?P<fmt>epub|html|txt)$", views.download, name="download"
    ),
    # Same file under a readable name, for reader apps that name the file after the URL.
    re_path(
        r"^downloads/(?P<work_id>\d+)/(?P<slug>[\w-]+)\.(?P<fmt>epub|html|txt)$",
        views.download,
        name="download_named",
    ),
    path("downloads/series/<int:series_id>.epub", views.series_download, name="series_download"),
    path("opds/", feeds.RootFeed(), name="opds_root"),
    path("opds/new/", feeds.NewestFeed(), name="opds_new"),
    path("opds/fandoms/", feeds.FandomsFeed(), name="opds_fandoms"),
    path("opds/ratings/", feeds.RatingsFeed(), name="opds_ratings"),
    path("opds/tags/<int:tag_id>/", feeds.TagFeed(), name="opds_tag"),
    path("opds/series/", feeds.SeriesListFeed(), name="opds_series_list"),
    path("opds/series/<int:series_id>/", feeds.SeriesFeed(), name="opds_series"),
    path("opds/search/", feeds.SearchFeed(), name="opds_search"),
    path("opds/opensearch.xml", opds_views.opensearch_description, name="opds_opensearch"),
]
