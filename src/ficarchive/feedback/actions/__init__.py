"""Every write users see, Zulip style: `check_*` validates and authorizes, `do_*` writes and notifies.

`access_*` fetches an object only if the user may act on it (404 when they may not even see it,
`FeedbackDenied` when they may see it but not do this).
"""

from django.core.exceptions import PermissionDenied


class FeedbackDenied(PermissionDenied):
    """The user may see the object but may not do this to it (HTTP 403)."""


class FeedbackInvalid(Exception):
    """The request is malformed or not allowed in the object's current state (HTTP 400)."""
