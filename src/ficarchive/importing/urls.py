"""URLs of the importing app: upload or paste a story, preview it, post it; record an
author's permission to archive a work."""

from django.urls import path

from ficarchive.importing import views

app_name = "importing"
urlpatterns = [
    path("import/", views.import_start, name="start"),
    path("import/<int:record_id>/", views.import_preview, name="preview"),
    path("works/<int:work_id>/permission/", views.work_permission, name="permission"),
]
