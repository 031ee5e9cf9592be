"""Forms of the feedback pages, rendered by the site's form templates (site/form_rendering.py).
They only parse input; the checks and writes are the feedback actions'."""

from __future__ import annotations

from django import forms

from ficarchive.feedback.actions.bookmarks import MAX_NOTES_CHARS
from ficarchive.feedback.actions.comments import MAX_COMMENT_CHARS


class BookmarkForm(forms.Form):
    notes = forms.CharField(
        required=False,
        max_length=MAX_NOTES_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For you, and for others if the bookmark is public.",
    )
    tags = forms.CharField(
        label="Your tags",
        required=False,
        max_length=5000,
        help_text="Separate with commas.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-autocomplete": "any"}),
    )
    private = forms.BooleanField(required=False, label="Private (only you see it)")
    for_later = forms.BooleanField(required=False, label="Mark for later")


class CommentEditForm(forms.Form):
    body = forms.CharField(
        label="Comment", max_length=MAX_COMMENT_CHARS, widget=forms.Textarea(attrs={"rows": 8})
    )


class ReportForm(forms.Form):
    url = forms.CharField(
        label="Page (its address on this archive)",
        max_length=500,
        help_text="Starts with /, for example /works/12/.",
    )
    reason = forms.CharField(
        label="What is wrong", max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    email = forms.EmailField(
        label="Your e-mail (optional)",
        required=False,
        help_text="Only if you would like an answer. Never shown.",
    )
