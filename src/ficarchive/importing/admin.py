"""Django admin for import records (read-only: they are a log)."""

from django.contrib import admin

from ficarchive.importing.models import ImportRecord


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    list_display = ("source", "status", "work", "user", "updated_at")
    list_filter = ("status",)
    search_fields = ("source", "content_hash", "error")
    readonly_fields = (
        "source",
        "content_hash",
        "status",
        "work",
        "error",
        "user",
        "created_at",
        "updated_at",
    )

    def has_add_permission(self, request) -> bool:
        return False
