"""Who asks: the types of the `user` that selectors, actions and services are given."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from django.http import HttpRequest

if TYPE_CHECKING:
    # For the type checker only, as works.Creator names the user model by the string
    # settings.AUTH_USER_MODEL: works does not import accounts when it runs.
    from django.contrib.auth.models import AnonymousUser

    from ficarchive.accounts.models import User

# What `request.user` holds: a member or a guest. A string, so that importing this module never
# needs Django's app registry.
Reader: TypeAlias = "User | AnonymousUser"
# A member: the user behind a login-required page.
Member: TypeAlias = "User"

if TYPE_CHECKING:

    class MemberRequest(HttpRequest):
        """The request of a `login_required` view: its user is a member."""

        user: User

else:
    MemberRequest = HttpRequest
