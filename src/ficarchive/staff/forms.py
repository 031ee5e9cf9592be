"""The tag-wrangling form: which tags, what to do with them, and the tag they go to."""

from __future__ import annotations

from django import forms

from ficarchive.site.form_fields import ModelChoicesField
from ficarchive.works.models import FIXED_TAG_TYPES, Media, Tag

ACTIONS = [
    ("canonical", "Make them canonical"),
    ("synonyms", "Make them synonyms of…"),
    ("merge", "Merge them into… (they are deleted)"),
    ("fandom", "Add them to the fandom…"),
    ("media", "Set the fandoms' media to…"),
]
NEEDS_TARGET = {"synonyms", "merge", "fandom"}


class WranglingForm(forms.Form):
    tags = ModelChoicesField(
        queryset=Tag.objects.exclude(type__in=FIXED_TAG_TYPES),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": "Tick at least one tag."},
    )
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.RadioSelect, label="What to do")
    target = forms.CharField(
        required=False,
        max_length=150,
        label="Tag",
        help_text="For synonyms, merging and fandoms: the tag they go to.",
        widget=forms.TextInput(attrs={"data-autocomplete": "any", "autocomplete": "off"}),
    )
    # Not `media`: a form's `media` is its CSS and script assets.
    fandom_media = forms.ChoiceField(
        choices=[("", "—"), *Media.choices], required=False, label="Media (for fandoms)"
    )

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action in NEEDS_TARGET:
            name = " ".join((data.get("target") or "").split())
            tag = Tag.objects.filter(name__iexact=name).first() if name else None
            if tag is None:
                self.add_error("target", "Name an existing tag." if name else "Name the tag.")
            data["target_tag"] = tag
        if action == "media" and not data.get("fandom_media"):
            self.add_error("fandom_media", "Choose a media group.")
        return data
