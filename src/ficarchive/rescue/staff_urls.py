"""Staff pages of a rescue from the web (under /staff/rescue/)."""

from django.urls import path

from ficarchive.rescue import staff_views

app_name = "rescue_staff"
urlpatterns = [
    path("staff/rescue/", staff_views.rescue_start, name="start"),
    path("staff/rescue/<int:job_id>/", staff_views.rescue_job, name="job"),
    path("staff/rescue/<int:job_id>/progress/", staff_views.rescue_job_progress, name="progress"),
    path("staff/rescue/<int:job_id>/report/", staff_views.rescue_job_report, name="report"),
    path("staff/rescue/<int:job_id>/import/", staff_views.rescue_import, name="import"),
]
