"""The upload form. The preview is the one work form (`posting.forms.WorkForm`)."""

from __future__ import annotations

from django import forms


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
