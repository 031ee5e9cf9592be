from django.apps import AppConfig


class ReadingConfig(AppConfig):
    name = "ficarchive.reading"
    label = "reading"
