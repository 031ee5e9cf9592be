"""The one work form: Post a work, Edit a work and the upload preview all use `WorkForm`.

A `WorkInput` fills it (`WorkForm.initial_from`: from a parsed legacy story, a work being edited,
or nothing) and it gives one back (`WorkForm.work_input`), which the one write path stores. Tag
fields take comma-separated names.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, cast

from django import forms
from django.conf.global_settings import LANGUAGES
from django.db.models import QuerySet

from ficarchive.feedback.actions.comments import (
    CommentRules,
    check_comment_settings,
    comment_rules_for,
)
from ficarchive.feedback.models import CommentPolicy
from ficarchive.posting.services import chapter_input_from_text
from ficarchive.site.form_fields import ModelChoicesField
from ficarchive.works.models import Creator, Permission, Tag, TagType
from ficarchive.works.readers import Member
from ficarchive.works.services import ChapterInput, WorkInput

FEEDBACK_CHOICES = [("", "Not said"), ("yes", "Yes"), ("no", "No")]
COMMENT_CHOICES = [("", "As my feedback wish says"), *CommentPolicy.choices]
ARCHIVIST_PERMISSION = "works.archive_for_others"
FANDOM_NEEDED = "Give at least one fandom (Original Work for a world of your own)."
# The parse contract's field names (ParsedWork.provenance) and the form fields that show them.
CONTRACT_FIELDS = {
    "title": ("title",),
    "authors": ("authors", "pseuds"),
    "rating": ("rating",),
    "warnings": ("warnings",),
    "categories": ("categories",),
    "fandoms": ("fandoms",),
    "relationships": ("relationships",),
    "characters": ("characters",),
    "freeform": ("freeform",),
    "summary": ("summary",),
    "notes": ("notes",),
    "end_notes": ("end_notes",),
    "disclaimer": ("disclaimer",),
    "spoilers": ("spoilers",),
    "series": ("series_title", "series_part"),
    "chapter": ("expected_chapters",),
    "distribution": ("distribution_text", "distribution_archives", "distribution_permission"),
    "feedback": ("feedback_text", "feedback_wanted"),
    "language": ("language",),
}
FIELDSETS = (
    ("Preface", ("title", "pseuds", "authors", "own_story", "summary", "notes", "end_notes")),
    (
        "Tags",
        (
            "rating",
            "warnings",
            "categories",
            "fandoms",
            "relationships",
            "characters",
            "freeform",
        ),
    ),
    (
        "About this story",
        (
            "disclaimer",
            "spoilers",
            "distribution_text",
            "distribution_archives",
            "distribution_permission",
            "feedback_text",
            "feedback_wanted",
        ),
    ),
    (
        "Series, chapters and audience",
        ("series_title", "series_part", "expected_chapters", "language", "restricted"),
    ),
    ("Comments", ("comment_policy", "moderated")),
    ("Permission to archive", ("permission_granted", "permission_note")),
    (
        "First chapter",
        ("chapter_title", "chapter_summary", "chapter_notes", "body", "chapter_end_notes"),
    ),
)
# How the preview names where a doubtful value was found (ParsedWork.provenance sources).
SOURCE_WORDS = {
    "label": "header labels",
    "subject": "subject line",
    "byline": "byline",
    "title-line": "title line",
    "prose": "prose around the story",
    "newsgroup": "newsgroup",
    "front-matter": "front matter",
    "page-title": "page title",
    "inferred": "story itself (a guess)",
}
LIST_FIELDS = ("fandoms", "relationships", "characters", "freeform", "distribution_archives")
TEXT_FIELDS = ("summary", "notes", "end_notes", "disclaimer", "spoilers")
TEXT_MAX = {
    "summary": 5000,
    "notes": 10000,
    "end_notes": 10000,
    "disclaimer": 5000,
    "spoilers": 5000,
}


def names_split(text: str) -> list[str]:
    """Comma-separated names → distinct names (any case), whitespace collapsed, order kept."""
    seen: dict[str, str] = {}
    for raw in (text or "").split(","):
        name = " ".join(raw.split())
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())


def language_choices(current: str = "") -> list[tuple[str, str]]:
    """Languages by their English names (Django's list), with `current` kept when unlisted."""
    choices = sorted(LANGUAGES, key=lambda pair: pair[1])
    if current and current not in dict(choices):
        choices.insert(0, (current, current))
    return choices


def _fixed_choices(tag_type: str) -> list[tuple[str, str]]:
    return [(t.name, t.name) for t in Tag.objects.filter(type=tag_type).order_by("id")]


def _tags_field(
    label: str, tag_type: str, help_text: str, required_message: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=bool(required_message),
        error_messages={"required": required_message} if required_message else None,
        max_length=5000,
        help_text=help_text,
        widget=forms.TextInput(
            attrs={"class": "tag-input", "autocomplete": "off", "data-autocomplete": tag_type}
        ),
    )


def _text(label: str | None, rows: int, max_length: int, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


@dataclass
class Fieldset:
    """A group of the form's fields, as the template shows them."""

    legend: str
    fields: list
    note: str = ""
    css: str = ""


class ChapterForm(forms.Form):
    """A chapter: its title, notes and text."""

    chapter_title = forms.CharField(label="Chapter title", required=False, max_length=255)
    chapter_summary = _text("Chapter summary", 3, 5000)
    chapter_notes = _text("Chapter notes", 3, 10000)
    body = forms.CharField(
        label="Text",
        widget=forms.Textarea(attrs={"rows": 20}),
        max_length=2_000_000,
        help_text="Plain text (a blank line between paragraphs) or simple HTML.",
    )
    chapter_end_notes = _text("Chapter end notes", 3, 10000)

    def chapter_fields(self) -> dict:
        """The chapter services' keyword arguments."""
        d = self.cleaned_data
        return {
            "title": d["chapter_title"],
            "body": d["body"],
            "summary": d["chapter_summary"],
            "notes": d["chapter_notes"],
            "end_notes": d["chapter_end_notes"],
        }


class WorkForm(ChapterForm):
    """The work form. `route` is "post" (a new work with its first chapter: the chapter
    form's fields), "edit" or "import" (the upload preview: the text comes from the file)."""

    title = forms.CharField(max_length=255)
    pseuds = ModelChoicesField(
        queryset=Creator.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Creators",
        help_text="Post under these of your pseuds.",
    )
    authors = forms.CharField(
        required=False,
        max_length=1000,
        label="Authors",
        help_text="The story's authors, separated by commas. They can claim the work when they "
        "join. Leave empty to post it as your own.",
    )
    own_story = forms.BooleanField(required=False, label="This story is mine")
    rating = forms.ChoiceField(choices=())
    warnings = forms.MultipleChoiceField(
        choices=(), widget=forms.CheckboxSelectMultiple, required=False, label="Archive warnings"
    )
    categories = forms.MultipleChoiceField(
        choices=(), widget=forms.CheckboxSelectMultiple, required=False
    )
    fandoms = _tags_field(
        "Fandoms",
        TagType.FANDOM,
        "At least one. Separate tags with commas.",
        required_message=FANDOM_NEEDED,
    )
    relationships = _tags_field(
        "Relationships",
        TagType.RELATIONSHIP,
        "Separate tags with commas; A/B for romance, A & B for friendship.",
    )
    characters = _tags_field("Characters", TagType.CHARACTER, "Separate tags with commas.")
    freeform = _tags_field("Additional tags", TagType.FREEFORM, "Separate tags with commas.")
    summary = _text(None, 4, TEXT_MAX["summary"])
    notes = _text(None, 4, TEXT_MAX["notes"], help_text="Shown before the story.")
    end_notes = _text(None, 4, TEXT_MAX["end_notes"], help_text="Shown after the story.")
    disclaimer = _text(None, 2, TEXT_MAX["disclaimer"])
    spoilers = _text(
        None, 2, TEXT_MAX["spoilers"], help_text="Readers see these only when they ask to."
    )
    distribution_text = forms.CharField(
        label="Where it may be archived", required=False, max_length=2000
    )
    distribution_archives = forms.CharField(
        label="Archives it is on",
        required=False,
        max_length=2000,
        help_text="Separate names with commas.",
    )
    distribution_permission = forms.ChoiceField(
        label="Others may archive it", choices=Permission.choices, initial=Permission.UNKNOWN
    )
    feedback_text = forms.CharField(label="What feedback you like", required=False, max_length=2000)
    feedback_wanted = forms.ChoiceField(
        label="Feedback wanted", choices=FEEDBACK_CHOICES, required=False
    )
    comment_policy = forms.ChoiceField(
        label="Who may comment", choices=COMMENT_CHOICES, required=False
    )
    moderated = forms.BooleanField(
        label="Moderate comments (they wait for your approval)", required=False
    )
    series_title = forms.CharField(label="Series", required=False, max_length=255)
    series_part = forms.IntegerField(
        label="Part in the series", required=False, min_value=1, max_value=100_000
    )
    expected_chapters = forms.IntegerField(
        label="Chapters planned",
        required=False,
        min_value=1,
        max_value=100_000,
        help_text="Empty if you do not know yet.",
    )
    language = forms.ChoiceField(choices=(), initial="en")
    restricted = forms.BooleanField(label="Only show to logged-in readers", required=False)
    permission_granted = forms.BooleanField(
        required=False, label="The author gave permission to archive this story here"
    )
    permission_note = forms.CharField(
        required=False,
        max_length=2000,
        label="How permission was obtained",
        help_text="Shown on the work, e.g. “by e-mail, 3 May 2024”.",
    )
    legacy_header = forms.CharField(
        label="A legacy header, or a whole story file",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=2_000_000,
        help_text="Paste it and choose “Fill the form”: what the archive reads goes into the "
        "fields below, for you to check.",
    )

    ROUTE_FIELDS: ClassVar[dict[str, set[str]]] = {
        "post": {"authors", "own_story", "permission_granted", "permission_note"},
        "edit": {
            "authors",
            "own_story",
            "permission_granted",
            "permission_note",
            "legacy_header",
            "chapter_title",
            "chapter_summary",
            "chapter_notes",
            "body",
            "chapter_end_notes",
        },
        "import": {
            "legacy_header",
            "chapter_title",
            "chapter_summary",
            "chapter_notes",
            "body",
            "chapter_end_notes",
        },
    }

    def __init__(
        self,
        *args,
        user: Member,
        route: str = "post",
        base: WorkInput | None = None,
        uncertain: Sequence[tuple[str, str, float]] | None = None,
        **kwargs,
    ):
        self.user = user
        self.route = route
        self.base = base or WorkInput(title="")
        kwargs.setdefault("initial", self.initial_from(self.base, user=user))
        super().__init__(*args, **kwargs)
        for name in self.ROUTE_FIELDS[route]:
            self.fields.pop(name)
        self.archivist = route == "import" and (
            user.is_staff or user.has_perm(ARCHIVIST_PERMISSION)
        )
        self.named_authors = [n for n in self.base.author_names if n]
        self._route_fields_adjust()
        for name, tag_type in (
            ("rating", TagType.RATING),
            ("warnings", TagType.WARNING),
            ("categories", TagType.CATEGORY),
        ):
            cast(forms.ChoiceField, self.fields[name]).choices = _fixed_choices(tag_type)
        cast(forms.ChoiceField, self.fields["language"]).choices = language_choices(
            self.initial.get("language", "")
        )
        self.uncertain = self._fields_of([name for name, _, _ in uncertain or []])
        for contract, source, confidence in uncertain or []:
            for name in self._fields_of([contract]):
                note = f"Read from the {SOURCE_WORDS.get(source, source)}, {confidence:.0%} sure."
                self.fields[name].help_text = f"{note} {self.fields[name].help_text}".strip()

    # ---- from and to a WorkInput ---------------------------------------------------------------

    @staticmethod
    def initial_from(data: WorkInput, *, user: Member | None = None) -> dict:
        """The form's initial values for `data` (the one mapping into the form)."""
        initial = {name: getattr(data, name) for name in TEXT_FIELDS}
        initial.update({name: ", ".join(getattr(data, name)) for name in LIST_FIELDS})
        pseuds = [p.pk for p in data.pseuds if user is None or p.user_id == user.pk]
        if not pseuds and user is not None:
            first = Creator.objects.filter(user=user).order_by("id").first()
            pseuds = [first.pk] if first else []
        initial.update(
            title=data.title,
            pseuds=pseuds,
            authors=", ".join(data.author_names),
            rating=data.rating,
            warnings=list(data.warnings),
            categories=list(data.categories),
            distribution_text=data.distribution_text,
            distribution_permission=data.distribution_permission,
            feedback_text=data.feedback_text,
            feedback_wanted=""
            if data.feedback_wanted is None
            else ("yes" if data.feedback_wanted else "no"),
            series_title=data.series_title,
            series_part=data.series_part,
            expected_chapters=data.expected_chapters,
            language=data.language,
            restricted=data.restricted,
        )
        return initial

    def work_input(self) -> WorkInput:
        """The validated form over its base: what the one write path stores.

        What the form does not show (songs, header fields, dates, provenance) comes from the
        base unchanged; synonyms stay only while the canonical tag they name is still given.
        """
        d = self.cleaned_data
        changes = {name: d[name] for name in TEXT_FIELDS}
        changes.update({name: names_split(d[name]) for name in LIST_FIELDS})
        changes.update(
            title=d["title"],
            rating=d["rating"],
            warnings=list(d["warnings"]),
            categories=list(d["categories"]),
            distribution_text=d["distribution_text"],
            distribution_permission=d["distribution_permission"],
            feedback_text=d["feedback_text"],
            feedback_wanted={"yes": True, "no": False}.get(d.get("feedback_wanted") or ""),
            series_title=d["series_title"].strip(),
            series_part=d["series_part"],
            expected_chapters=d["expected_chapters"],
            language=d["language"],
            restricted=d["restricted"],
        )
        if self.archivist and d.get("authors"):
            changes.update(pseuds=[], author_names=names_split(d["authors"]))
            changes["archived_by"] = self.user
        else:
            changes.update(pseuds=self._pseuds_chosen(), author_names=[])
        if d.get("permission_granted"):
            changes["permission_granted"] = d["permission_note"].strip()
        tags = {
            n.casefold()
            for name in ("fandoms", "relationships", "characters")
            for n in changes[name]
        }
        changes["synonyms"] = [(o, c) for o, c in self.base.synonyms if c.casefold() in tags]
        return dataclasses.replace(self.base, **changes)

    def chapter_input(self, *, draft: bool = False) -> ChapterInput:
        """The first chapter typed into a "post" form (raises ValidationError without text)."""
        return chapter_input_from_text(**self.chapter_fields(), draft=draft)

    def comment_rules(self, work) -> CommentRules | None:
        """The comment settings chosen, or None when the form leaves them as they are."""
        policy = self.cleaned_data.get("comment_policy")
        moderated = bool(self.cleaned_data.get("moderated"))
        if policy:
            return check_comment_settings(policy=policy, moderated=moderated)
        if moderated:
            return check_comment_settings(policy=comment_rules_for(work).policy, moderated=True)
        return None

    # ---- validation -----------------------------------------------------------------------------

    @property
    def own_pseuds(self) -> QuerySet[Creator]:
        """The pseuds the form offers: the user's own."""
        field = cast(forms.ModelMultipleChoiceField, self.fields["pseuds"])
        return cast("QuerySet[Creator]", field.queryset)

    def _route_fields_adjust(self) -> None:
        pseuds = cast(forms.ModelMultipleChoiceField, self.fields["pseuds"])
        pseuds.queryset = Creator.objects.filter(user=self.user).order_by("id")
        if self.route == "import" and not self.user.is_staff:
            # Staff alone record an author's permission (uploads.upload_post checks again).
            self.fields.pop("permission_granted")
            self.fields.pop("permission_note")
        if self.route == "import":
            if self.archivist:
                self.fields[
                    "pseuds"
                ].help_text = "Or post it under your own pseuds (leave Authors empty)."
            else:
                self.fields.pop("authors")
            if self.archivist or not self._names_someone_else():
                self.fields.pop("own_story")
            else:
                names = ", ".join(self.named_authors)
                self.fields["own_story"].label = f"I am {names}: this story is mine"
                self.fields["own_story"].required = True
                self.fields["own_story"].help_text = (
                    f"The story’s header names {names} as its author. Only archivists, whom "
                    "staff choose, may post stories by other people (the work then says who "
                    "archived it). If you wrote it under that name, tick this box and it is "
                    "posted under your pseud; if not, please do not post it."
                )

    def _names_someone_else(self) -> bool:
        own = {c.name.casefold() for c in Creator.objects.filter(user=self.user)}
        own.add(self.user.get_username().casefold())
        return any(name.casefold() not in own for name in self.named_authors)

    def clean_fandoms(self) -> str:
        value = self.cleaned_data["fandoms"]
        if not names_split(value):
            raise forms.ValidationError(FANDOM_NEEDED)
        return value

    def clean_authors(self) -> str:
        value = self.cleaned_data.get("authors", "")
        taken = []
        for name in names_split(value):
            owner = Creator.objects.filter(name__iexact=name).exclude(user=None).first()
            if owner is not None and owner.user_id != self.user.pk:
                taken.append(owner.name)
        if taken:
            raise forms.ValidationError(
                f"{', '.join(taken)} belong{'s' if len(taken) == 1 else ''} to another member: "
                "only they can post under that name."
            )
        return value

    def _pseuds_chosen(self) -> list[Creator]:
        """The pseuds ticked; none ticked by someone with a single pseud means that one."""
        chosen = list(self.cleaned_data.get("pseuds") or [])
        if not chosen and "pseuds" in self.fields:
            own = list(self.own_pseuds[:2])
            chosen = own if len(own) == 1 else []
        return chosen

    def clean(self):
        data = super().clean()
        authors = names_split(data.get("authors", "")) if self.archivist else []
        if "pseuds" in self.fields and not authors and not self._pseuds_chosen():
            self.add_error("pseuds", "Choose at least one of your pseuds to post under.")
        if data.get("permission_granted") and not (data.get("permission_note") or "").strip():
            self.add_error("permission_note", "Say how permission was obtained.")
        if data.get("series_part") and not (data.get("series_title") or "").strip():
            self.add_error("series_title", "Name the series this is a part of.")
        return data

    # ---- layout ---------------------------------------------------------------------------------

    def _fields_of(self, contract_names: list[str]) -> list[str]:
        names: list[str] = []
        for contract in contract_names:
            for name in CONTRACT_FIELDS.get(contract, ()):
                if name in self.fields and name not in names:
                    names.append(name)
        return names

    def fieldsets(self) -> list[Fieldset]:
        """The fields in groups; on the upload preview, fields the reader is unsure of first."""
        groups = []
        if self.uncertain:
            groups.append(
                Fieldset(
                    "Check these first",
                    [self[n] for n in self.uncertain],
                    note="The archive is least sure it read these right.",
                    css="uncertain",
                )
            )
        for legend, names in FIELDSETS:
            shown = [self[n] for n in names if n in self.fields and n not in self.uncertain]
            if shown:
                groups.append(Fieldset(legend, shown))
        return groups
