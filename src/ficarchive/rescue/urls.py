"""Old links of rescued archives."""

from django.urls import path

from ficarchive.rescue import views

app_name = "rescue"
urlpatterns = [
    # `path`: old paths hold slashes (archive/moth/gp2.txt).
    path("archives/<slug:slug>/<path:old_path>", views.old_link, name="old_link"),
    path("archives/<slug:slug>/", views.old_link, name="old_archive"),
]
