from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "ficarchive.search"
    label = "search"
