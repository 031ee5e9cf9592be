from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "ficarchive.jobs"
    verbose_name = "Background jobs"
