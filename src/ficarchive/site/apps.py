from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The site itself: settings, URLs, and what every app shares at the door (throttles, visitors)."""

    name = "ficarchive.site"
    label = "site"
    verbose_name = "Site"
