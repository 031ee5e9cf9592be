"""Account pages: sign-up, throttled log-in, profile and pseuds, claiming imported creators."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ficarchive.accounts.forms import CreatorClaimForm, PseudForm, SignupForm
from ficarchive.accounts.selectors import account_by_username, profile_lists
from ficarchive.accounts.services import (
    claim_invitation_accept,
    claim_invitation_get,
    claim_invitation_send,
    creator_grant,
    pseud_create,
    user_create,
)
from ficarchive.site.form_errors import form_errors_add
from ficarchive.site.throttles import throttle_allow, too_many_requests
from ficarchive.site.visitors import address_hash
from ficarchive.works.models import Creator
from ficarchive.works.readers import MemberRequest


def signup(request: HttpRequest) -> HttpResponse:
    """Create an account (throttled per address) and log it in."""
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        if not throttle_allow(scope="signup", ident=address_hash(request)):
            return too_many_requests("signup")
        if form.is_valid():
            try:
                user = user_create(
                    username=form.cleaned_data["username"],
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password1"],
                )
            except ValidationError as exc:
                form_errors_add(form, exc)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.info(request, f"Welcome, {user.username}!")
                return redirect("accounts:profile")
    return render(request, "registration/signup.html", {"form": form})


class ThrottledLoginView(auth_views.LoginView):
    """Django's log-in view, answering 429 after too many attempts from one address."""

    def post(self, request, *args, **kwargs):
        if not throttle_allow(scope="login", ident=address_hash(request)):
            return too_many_requests("login")
        return super().post(request, *args, **kwargs)


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's log-in page, throttled like `/login/` and counted with it (one allowance of
    attempts per address, whichever page they come through)."""
    if request.method == "POST" and not throttle_allow(scope="login", ident=address_hash(request)):
        return too_many_requests("login")
    return admin.site.login(request)


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's reset request, answering 429 after a few from one address (no mail flooding)."""

    def post(self, request, *args, **kwargs):
        if not throttle_allow(scope="password_reset", ident=address_hash(request)):
            return too_many_requests("password_reset")
        return super().post(request, *args, **kwargs)


@login_required
def profile(request: MemberRequest) -> HttpResponse:
    """The user's own page: pseuds, works (drafts included), blocks and mutes."""
    return _profile_page(request)


def _profile_page(
    request: MemberRequest, *, pseud_form: PseudForm | None = None, status: int = 200
) -> HttpResponse:
    context = profile_lists(user=request.user)
    context["pseud_form"] = pseud_form or PseudForm()
    return render(request, "accounts/profile.html", context, status=status)


@require_POST
@login_required
def pseud_add(request: MemberRequest) -> HttpResponse:
    """Add a pseud to the account; a refused name comes back on the account page, the message
    beside the field."""
    form = PseudForm(request.POST)
    if form.is_valid():
        try:
            pseud_create(
                user=request.user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.info(request, "Pseud added.")
            return redirect("accounts:profile")
    return _profile_page(request, pseud_form=form, status=400)


def claim(request: HttpRequest, token: str) -> HttpResponse:
    """Follow an emailed invitation and claim an imported creator."""
    invitation = claim_invitation_get(token=token)
    if invitation is None:
        return render(request, "accounts/claim.html", {"invitation": None}, status=404)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/login/?next={request.path}")
        try:
            creator = claim_invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("accounts:profile")
        messages.info(request, f"You now own the works of {creator.name}.")
        return redirect("accounts:profile")
    return render(request, "accounts/claim.html", {"invitation": invitation})


@staff_member_required
def creator_claim_staff(request: HttpRequest, creator_id: int) -> HttpResponse:
    """Staff: email a claim invitation for a creator, or grant it to an account."""
    creator = get_object_or_404(Creator, pk=creator_id)
    form = CreatorClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("action") == "invite":
                claim_invitation_send(
                    creator=creator,
                    created_by=request.user,
                    site_url=request.build_absolute_uri("/"),
                )
                messages.info(request, f"Invitation sent to the email on record for {creator}.")
            else:
                user = account_by_username(form.cleaned_data["username"])
                if user is None:
                    raise ValidationError("No such account.")
                creator_grant(creator=creator, user=user)
                messages.info(request, f"{creator} now belongs to {user.username}.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("accounts:creator_claim_staff", creator_id=creator.pk)
    return render(request, "accounts/creator_claim_staff.html", {"creator": creator, "form": form})
