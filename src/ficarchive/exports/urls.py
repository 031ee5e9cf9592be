"""URLs of the exports app."""

app_name = "exports"
urlpatterns: list = []
