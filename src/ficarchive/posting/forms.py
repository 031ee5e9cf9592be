"""The work and chapter forms. Tag fields take comma-separated names."""

from __future__ import annotations

from django import forms

from ficarchive.feedback.models import CommentPolicy
from ficarchive.posting.services import WorkInput
from ficarchive.works.models import Creator, Permission, Tag, TagType

FEEDBACK_CHOICES = [("", "Not said"), ("yes", "Yes"), ("no", "No")]
COMMENT_CHOICES = [("", "As my feedback wish says"), *CommentPolicy.choices]


def _names(text: str) -> list[str]:
    seen: dict[str, str] = {}
    for raw in (text or "").split(","):
        name = " ".join(raw.split())
        if name and name.lower() not in seen:
            seen[name.lower()] = name
    return list(seen.values())


def _fixed_choices(tag_type: str) -> list[tuple[str, str]]:
    return [(t.name, t.name) for t in Tag.objects.filter(type=tag_type).order_by("id")]


def _tags_field(label: str, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=5000,
        help_text="Separate tags with commas.",
        widget=forms.TextInput(attrs={"class": "tag-input", "autocomplete": "off"}),
    )


class PseudsField(forms.ModelMultipleChoiceField):
    """Pseud ids; a number no database id can be (past 64 bits) is an invalid choice.

    Without this, SQLite's driver raises OverflowError while Django looks the id up.
    """

    def clean(self, value):
        for pk in value or ():
            text = str(pk).strip()
            if text.isascii() and text.isdigit() and int(text) >= 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": text},
                )
        return super().clean(value)


class WorkForm(forms.Form):
    title = forms.CharField(max_length=255)
    pseuds = PseudsField(queryset=Creator.objects.none(), widget=forms.CheckboxSelectMultiple)
    rating = forms.ChoiceField(choices=())
    warnings = forms.MultipleChoiceField(
        choices=(), widget=forms.CheckboxSelectMultiple, required=False
    )
    categories = forms.MultipleChoiceField(
        choices=(), widget=forms.CheckboxSelectMultiple, required=False
    )
    fandoms = _tags_field("Fandoms", required=True)
    relationships = _tags_field("Relationships")
    characters = _tags_field("Characters")
    freeform = _tags_field("Additional tags")
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=10000
    )
    end_notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=10000
    )
    disclaimer = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=5000
    )
    spoilers = forms.CharField(required=False, max_length=2000)
    distribution_text = forms.CharField(label="Distribution", required=False, max_length=2000)
    distribution_permission = forms.ChoiceField(
        label="Others may archive it", choices=Permission.choices, initial=Permission.UNKNOWN
    )
    feedback_text = forms.CharField(label="Feedback", required=False, max_length=2000)
    feedback_wanted = forms.ChoiceField(
        label="Feedback wanted", choices=FEEDBACK_CHOICES, required=False
    )
    comment_policy = forms.ChoiceField(
        label="Who may comment", choices=COMMENT_CHOICES, required=False
    )
    moderated = forms.BooleanField(label="Moderate comments", required=False)
    series_title = forms.CharField(label="Series", required=False, max_length=255)
    series_part = forms.IntegerField(label="Part", required=False, min_value=1, max_value=100_000)
    language = forms.CharField(max_length=16, initial="en")
    restricted = forms.BooleanField(label="Only show to logged-in readers", required=False)
    expected_chapters = forms.IntegerField(
        label="Chapters planned", required=False, min_value=1, max_value=100_000
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pseuds"].queryset = Creator.objects.filter(user=user)
        self.fields["rating"].choices = _fixed_choices(TagType.RATING)
        self.fields["warnings"].choices = _fixed_choices(TagType.WARNING)
        self.fields["categories"].choices = _fixed_choices(TagType.CATEGORY)
        if not self.is_bound and "pseuds" not in self.initial:
            first = self.fields["pseuds"].queryset.order_by("id").first()
            self.initial["pseuds"] = [first.pk] if first else []
        self.initial.setdefault("rating", "Not Rated")

    def work_input(self) -> WorkInput:
        """The validated form as the services' input."""
        d = self.cleaned_data
        wanted = {"yes": True, "no": False}.get(d.get("feedback_wanted") or "")
        return WorkInput(
            title=d["title"],
            pseuds=list(d["pseuds"]),
            rating=d["rating"],
            warnings=list(d["warnings"]),
            categories=list(d["categories"]),
            fandoms=_names(d["fandoms"]),
            relationships=_names(d["relationships"]),
            characters=_names(d["characters"]),
            freeform=_names(d["freeform"]),
            summary=d["summary"],
            notes=d["notes"],
            end_notes=d["end_notes"],
            disclaimer=d["disclaimer"],
            spoilers=d["spoilers"],
            distribution_text=d["distribution_text"],
            distribution_permission=d["distribution_permission"],
            feedback_text=d["feedback_text"],
            feedback_wanted=wanted,
            series_title=d["series_title"],
            series_part=d["series_part"],
            language=d["language"],
            restricted=d["restricted"],
            expected_chapters=d["expected_chapters"],
        )


class ChapterForm(forms.Form):
    chapter_title = forms.CharField(label="Chapter title", required=False, max_length=255)
    chapter_notes = forms.CharField(
        label="Chapter notes", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    body = forms.CharField(
        label="Text",
        widget=forms.Textarea(attrs={"rows": 20}),
        max_length=2_000_000,
        help_text="Plain text (blank lines between paragraphs) or simple HTML.",
    )
    chapter_end_notes = forms.CharField(
        label="Chapter end notes", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class NewWorkForm(WorkForm, ChapterForm):
    legacy_header = forms.CharField(
        label="Paste a legacy header (or a whole story file) to fill this form",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=2_000_000,
    )
