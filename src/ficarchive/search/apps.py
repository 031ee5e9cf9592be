from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "ficarchive.search"
    label = "search"

    def ready(self) -> None:
        from ficarchive.search.indexing import signals_connect

        signals_connect()
