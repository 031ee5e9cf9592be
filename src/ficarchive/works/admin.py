"""Django admin for staff: works with their chapters, tags and synonyms, creators, series."""

from django import forms
from django.contrib import admin

from ficarchive.sanitize.html import PAGE
from ficarchive.works.models import Authorship, Chapter, Creator, Series, SeriesPart, Tag, Work
from ficarchive.works.services import work_permission_settle


class ChapterForm(forms.ModelForm):
    """Staff may edit a body's HTML; it is sanitized here, as every other writer does, because
    pages print stored bodies as they are."""

    class Meta:
        model = Chapter
        fields = ("position", "title", "draft", "summary", "notes", "body_html")

    def clean_body_html(self) -> str:
        return PAGE.clean(self.cleaned_data.get("body_html") or "")


class ChapterInline(admin.StackedInline):
    model = Chapter
    form = ChapterForm
    extra = 0
    fields = ("position", "title", "draft", "word_count", "summary", "notes", "body_html")
    readonly_fields = ("word_count",)


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    extra = 0
    autocomplete_fields = ("creator",)


class SeriesPartInline(admin.TabularInline):
    model = SeriesPart
    extra = 0
    autocomplete_fields = ("series", "work")


@admin.register(Work)
class WorkAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "word_count",
        "draft",
        "restricted",
        "hidden_by_staff",
        "permission_held",
        "updated_at",
    )
    list_filter = (
        "draft",
        "restricted",
        "hidden_by_staff",
        "permission_held",
        "distribution_permission",
        "language",
    )
    search_fields = ("title", "summary", "creators__name", "source_name")
    date_hierarchy = "updated_at"
    autocomplete_fields = ("tags",)
    # Permission is recorded on the work's page, through the service that applies the rule.
    readonly_fields = (
        "content_hash",
        "imported_at",
        "source_name",
        "created_at",
        "modified_at",
        "permission_held",
        "permission_note",
        "permission_recorded_at",
        "permission_recorded_by",
    )
    inlines = (AuthorshipInline, SeriesPartInline, ChapterInline)
    fieldsets = (
        (None, {"fields": ("title", "tags", "summary", "notes", "end_notes", "language")}),
        ("Status", {"fields": ("draft", "restricted", "hidden_by_staff", "expected_chapters")}),
        (
            "Archiving permission",
            {
                "fields": (
                    "permission_held",
                    "permission_note",
                    "permission_recorded_at",
                    "permission_recorded_by",
                )
            },
        ),
        (
            "Legacy header",
            {
                "fields": (
                    "disclaimer",
                    "spoilers",
                    "distribution_text",
                    "distribution_archives",
                    "distribution_permission",
                    "feedback_text",
                    "feedback_wanted",
                    "songs",
                    "extra_fields",
                )
            },
        ),
        (
            "Dates and provenance",
            {
                "fields": (
                    "published_at",
                    "updated_at",
                    "source_name",
                    "content_hash",
                    "imported_at",
                    "created_at",
                    "modified_at",
                )
            },
        ),
    )

    def save_related(self, request, form, formsets, change):
        """A changed wish or new authors may hold or release the work: apply the rule again."""
        super().save_related(request, form, formsets, change)
        work_permission_settle(work=form.instance)


class SynonymInline(admin.TabularInline):
    model = Tag
    fk_name = "synonym_of"
    fields = ("name", "type")
    extra = 0
    verbose_name = "synonym"
    verbose_name_plural = "synonyms"


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "type", "canonical", "synonym_of")
    list_filter = ("type", "canonical")
    search_fields = ("name",)
    autocomplete_fields = ("synonym_of", "fandoms")
    inlines = (SynonymInline,)


@admin.register(Creator)
class CreatorAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "email")
    search_fields = ("name", "email", "user__username")
    autocomplete_fields = ("user",)
    list_filter = (("user", admin.EmptyFieldListFilter),)


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ("title", "complete", "updated_at")
    search_fields = ("title", "creators__name")
    autocomplete_fields = ("creators",)
    inlines = (SeriesPartInline,)
