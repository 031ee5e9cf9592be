from django.apps import AppConfig


class ImportingConfig(AppConfig):
    name = "ficarchive.importing"
    label = "importing"
