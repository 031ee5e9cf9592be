"""Forms of the upload-and-preview flow. They parse input; the writing is in `uploads`."""

from __future__ import annotations

from typing import cast

from django import forms

from ficarchive.legacy.model import ParsedWork
from ficarchive.works.models import Permission, Tag, TagType


class UploadForm(forms.Form):
    """A legacy story: a file, or its text pasted (exactly one of the two)."""

    file = forms.FileField(required=False, label="Story file (.txt or .html)")
    text = forms.CharField(
        required=False,
        label="…or paste the story, header and all",
        widget=forms.Textarea(attrs={"rows": 14}),
        strip=False,
    )

    def clean(self):
        data = super().clean()
        has_file, has_text = bool(data.get("file")), bool((data.get("text") or "").strip())
        if has_file == has_text:
            raise forms.ValidationError("Choose a file or paste the text (one of the two).")
        return data


def _fixed_choices(tag_type: str) -> list[tuple[str, str]]:
    return [(t.name, t.name) for t in Tag.objects.filter(type=tag_type).order_by("id")]


def _names(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class TagListField(forms.CharField):
    """Comma-separated names, cleaned to a list."""

    def to_python(self, value) -> list[str]:  # type: ignore[override]  # a list field on CharField
        return _names(super().to_python(value) or "")


FEEDBACK_CHOICES = [("", "Not said"), ("yes", "Yes"), ("no", "No")]


class PreviewForm(forms.Form):
    """Every field read from the file, editable before posting (chapter bodies are not here:
    they stay on the server with the upload and are shown read-only)."""

    title = forms.CharField(max_length=255)
    authors = TagListField(required=False, help_text="Comma-separated; empty = you.")
    rating = forms.ChoiceField()
    warnings = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    categories = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    fandoms = TagListField(required=False, help_text="Comma-separated.")
    relationships = TagListField(required=False, help_text="Comma-separated.")
    characters = TagListField(required=False, help_text="Comma-separated.")
    freeform = TagListField(required=False, label="Additional tags", help_text="Comma-separated.")
    summary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    end_notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    disclaimer = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    spoilers = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    distribution_text = forms.CharField(
        required=False, label="Distribution", widget=forms.Textarea(attrs={"rows": 2})
    )
    distribution_archives = TagListField(
        required=False, label="Archives named", help_text="Comma-separated."
    )
    distribution_permission = forms.ChoiceField(
        choices=Permission.choices, label="Permission to archive elsewhere"
    )
    feedback_text = forms.CharField(required=False, label="Feedback wishes")
    feedback_wanted = forms.ChoiceField(
        choices=FEEDBACK_CHOICES, required=False, label="Feedback wanted"
    )
    series_title = forms.CharField(required=False, max_length=255, label="Series")
    series_part = forms.IntegerField(required=False, min_value=1, max_value=100_000, label="Part")
    expected_chapters = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100_000,
        label="Total chapters",
        help_text="Empty if unknown.",
    )
    language = forms.CharField(max_length=16, initial="en")

    def __init__(self, *args, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for name, tag_type in (
            ("rating", TagType.RATING),
            ("warnings", TagType.WARNING),
            ("categories", TagType.CATEGORY),
        ):
            cast(forms.ChoiceField, self.fields[name]).choices = _fixed_choices(tag_type)
        if staff:
            # Staff archiving someone else's story record the author's permission here;
            # `uploads.upload_post` checks again that only staff can.
            self.fields["permission_granted"] = forms.BooleanField(
                required=False, label="The author gave permission to archive this story here"
            )
            self.fields["permission_note"] = forms.CharField(
                required=False,
                max_length=2000,
                label="How permission was obtained",
                help_text="Shown on the work, e.g. “by e-mail, 3 May 2024”.",
            )

    def clean(self):
        data = super().clean()
        if data.get("permission_granted") and not (data.get("permission_note") or "").strip():
            self.add_error("permission_note", "Say how permission was obtained.")
        return data


def preview_initial(parsed: ParsedWork) -> dict:
    """The preview form's values: what the reader found, lists joined with commas."""
    fixed = {
        tag_type: {name.lower(): name for name, _ in _fixed_choices(tag_type)}
        for tag_type in (TagType.RATING, TagType.WARNING, TagType.CATEGORY)
    }
    ratings = fixed[TagType.RATING]
    chapters = parsed.chapter
    return {
        "title": parsed.title or "",
        "authors": ", ".join(parsed.authors),
        "rating": ratings.get((parsed.rating or "").lower(), "Not Rated"),
        # Warnings outside the vocabulary are kept as additional tags by the services.
        "warnings": [
            fixed[TagType.WARNING][w.lower()]
            for w in parsed.warnings
            if w.lower() in fixed[TagType.WARNING]
        ],
        "categories": [
            fixed[TagType.CATEGORY][c.lower()]
            for c in parsed.categories
            if c.lower() in fixed[TagType.CATEGORY]
        ],
        "fandoms": ", ".join(parsed.fandoms),
        "relationships": ", ".join(parsed.relationships),
        "characters": ", ".join(parsed.characters),
        "freeform": ", ".join(
            parsed.freeform
            + [w for w in parsed.warnings if w.lower() not in fixed[TagType.WARNING]]
            + [c for c in parsed.categories if c.lower() not in fixed[TagType.CATEGORY]]
        ),
        "summary": parsed.summary or "",
        "notes": parsed.notes or "",
        "end_notes": parsed.end_notes or "",
        "disclaimer": parsed.disclaimer or "",
        "spoilers": parsed.spoilers or "",
        "distribution_text": parsed.distribution.text or "",
        "distribution_archives": ", ".join(parsed.distribution.archives),
        "distribution_permission": parsed.distribution.permission,
        "feedback_text": parsed.feedback.text or "",
        "feedback_wanted": ""
        if parsed.feedback.wanted is None
        else ("yes" if parsed.feedback.wanted else "no"),
        "series_title": parsed.series.title if parsed.series else "",
        "series_part": parsed.series.part if parsed.series else None,
        "expected_chapters": chapters.total if chapters else None,
        "language": parsed.language or "en",
    }
