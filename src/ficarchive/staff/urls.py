"""URLs of the staff pages."""

from django.urls import path

from ficarchive.staff import views

app_name = "staff"
urlpatterns = [
    path("staff/tags/", views.tag_wrangling, name="tag_wrangling"),
    path("staff/reports/", views.abuse_reports, name="abuse_reports"),
    path("staff/works/<int:work_id>/hide/", views.work_hide, name="work_hide"),
]
