"""Reading pages. The views here are the first cut; the reading work fills them in."""

from django.urls import path

from ficarchive.reading import views

app_name = "reading"
urlpatterns = [
    path("", views.front_page, name="front"),
    path("works/<int:work_id>/", views.work_page, name="work"),
    path("works/<int:work_id>/chapters/<int:position>/", views.chapter_page, name="chapter"),
    path("series/<int:series_id>/", views.series_page, name="series"),
    path("tags/<str:name>/", views.tag_page, name="tag"),
    path("users/<str:name>/", views.creator_page, name="creator"),
]
