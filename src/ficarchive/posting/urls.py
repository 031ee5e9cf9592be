"""URLs of the posting app (new-work form, chapters, editing)."""

app_name = "posting"
urlpatterns: list = []
