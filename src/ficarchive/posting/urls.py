"""URLs of the posting app (new-work form, chapters, editing)."""

from django.urls import path

from ficarchive.posting import views

app_name = "posting"
urlpatterns = [
    path("works/new/", views.work_new, name="work_new"),
    path("works/<int:work_id>/edit/", views.work_edit, name="work_edit"),
    path("works/<int:work_id>/post/", views.work_publish, name="work_publish"),
    path("works/<int:work_id>/delete/", views.work_remove, name="work_delete"),
    path("works/<int:work_id>/chapters/", views.chapters_manage, name="chapters_manage"),
    path("works/<int:work_id>/chapters/new/", views.chapter_new, name="chapter_new"),
    path(
        "works/<int:work_id>/chapters/<int:chapter_id>/edit/",
        views.chapter_edit,
        name="chapter_edit",
    ),
    path(
        "works/<int:work_id>/chapters/<int:chapter_id>/post/",
        views.chapter_publish,
        name="chapter_publish",
    ),
    path(
        "works/<int:work_id>/chapters/<int:chapter_id>/delete/",
        views.chapter_remove,
        name="chapter_delete",
    ),
    path("posting/tags/autocomplete/", views.tag_autocomplete, name="tag_autocomplete"),
]
