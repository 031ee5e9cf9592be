from django.apps import AppConfig


class RescueConfig(AppConfig):
    name = "ficarchive.rescue"
    verbose_name = "Archive rescue"
