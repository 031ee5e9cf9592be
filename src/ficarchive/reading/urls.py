"""Reading pages, at AO3's paths."""

from django.urls import path

from ficarchive.reading import views

app_name = "reading"
urlpatterns = [
    path("", views.front_page, name="front"),
    path("fandoms/", views.fandom_index, name="fandoms"),
    path("tags/", views.tag_index, name="tags"),
    path("users/", views.creator_index, name="creators"),
    path("series/", views.series_index, name="series_index"),
    path("works/<int:work_id>/", views.work_page, name="work"),
    path("works/<int:work_id>/chapters/<int:position>/", views.chapter_page, name="chapter"),
    path("series/<int:series_id>/", views.series_page, name="series"),
    # `path`, not `str`: tag names such as "Willow Rosenberg/Spike" hold slashes.
    path("tags/<path:name>/", views.tag_page, name="tag"),
    path("users/<path:name>/", views.creator_page, name="creator"),
]
