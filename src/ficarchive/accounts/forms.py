"""Account forms."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm


class SignupForm(UserCreationForm):
    email = forms.EmailField(required=True, help_text="For password resets and notifications.")

    class Meta(UserCreationForm.Meta):  # type: ignore[name-defined]  # the stubs omit it
        model = get_user_model()
        fields = ("username", "email")


class PseudForm(forms.Form):
    name = forms.CharField(max_length=100)
    description = forms.CharField(widget=forms.Textarea, required=False, max_length=2000)


class CreatorClaimForm(forms.Form):
    username = forms.CharField(
        required=False, help_text="Grant the creator to this account now (staff)."
    )
