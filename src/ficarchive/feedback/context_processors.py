"""What every page's navigation shows about feedback: the inbox's unread count."""

from __future__ import annotations

from django.http import HttpRequest

from ficarchive.feedback.selectors import inbox_unread_count


def inbox(request: HttpRequest) -> dict:
    """`inbox_unread`: unread inbox items of the logged-in user (0 for guests)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"inbox_unread": 0}
    return {"inbox_unread": inbox_unread_count(user=user)}
