"""URLs of the exports app: downloads and the OPDS catalog."""

from django.urls import path, re_path

from ficarchive.exports import views

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
]
