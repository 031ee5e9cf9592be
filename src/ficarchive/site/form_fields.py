"""Form fields the site's forms share."""

from __future__ import annotations

from django import forms

# The largest id a database column can hold (64-bit signed).
ID_MAX = 2**63 - 1


class ModelChoicesField(forms.ModelMultipleChoiceField):
    """Objects chosen by id; a number no database id can be (past 64 bits) is an invalid choice.

    Without this, SQLite's driver raises OverflowError while Django looks the id up.
    """

    def clean(self, value):
        for pk in value or ():
            text = str(pk).strip()
            if text.isascii() and text.isdigit() and int(text) > ID_MAX:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": text},
                )
        return super().clean(value)
