"""URLs of the search app: the works listing, each tag's filtered works, and the JSON API
(results, and one work with its chapters)."""

from django.urls import path

from ficarchive.search import views

app_name = "search"
urlpatterns = [
    path("works/", views.works_listing, name="works"),
    # `path`: tag names such as "Willow Rosenberg/Spike" hold slashes.
    path("tags/<path:name>/works/", views.tag_works_listing, name="tag_works"),
    path("api/works/", views.works_api, name="api_works"),
    path("api/works/<int:work_id>/", views.work_api, name="api_work"),
]
