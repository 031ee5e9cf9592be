from django.apps import AppConfig


class PostingConfig(AppConfig):
    name = "ficarchive.posting"
    label = "posting"
