"""URLs of the accounts app: pages under the `accounts` namespace, auth views without one.

Django's auth views and the base template look up `login`, `logout`, `signup` and the
password-reset names without a namespace.
"""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from ficarchive.accounts import views

account_patterns = [
    path("me/", views.profile, name="profile"),
    path("me/pseuds/new/", views.pseud_add, name="pseud_add"),
    path("claim/<str:token>/", views.claim, name="claim"),
    path(
        "staff/creators/<int:creator_id>/claim/",
        views.creator_claim_staff,
        name="creator_claim_staff",
    ),
]

auth_patterns = [
    path("login/", views.ThrottledLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path("password/reset/", views.ThrottledPasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]

urlpatterns = [path("", include((account_patterns, "accounts"))), *auth_patterns]
