"""The site's URLs: each app owns its own `urls.py`."""

from django.contrib import admin
from django.urls import include, path

from ficarchive.accounts.views import admin_login
from ficarchive.site.health import health

urlpatterns = [
    path("healthz", health, name="health"),
    # Before the admin's own URLs: its log-in page, throttled like /login/.
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("", include("ficarchive.accounts.urls")),
    path("", include("ficarchive.feedback.urls")),
    path("", include("ficarchive.exports.urls")),
    path("", include("ficarchive.search.urls")),
    path("", include("ficarchive.importing.urls")),
    path("", include("ficarchive.posting.urls")),
    path("", include("ficarchive.staff.urls")),
    path("", include("ficarchive.rescue.urls")),
    path("", include("ficarchive.rescue.staff_urls")),
    path("", include("ficarchive.reading.urls")),
]
