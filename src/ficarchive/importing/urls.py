"""URLs of the importing app."""

app_name = "importing"
urlpatterns: list = []
