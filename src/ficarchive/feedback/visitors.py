"""Who is asking, without storing who they are: salted hashes of addresses."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest


def address_hash(request: HttpRequest) -> str:
    """A keyed hash of the client's address; the raw address is never stored anywhere."""
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"address:{address}".encode(), hashlib.sha256).hexdigest()[:40]


def visitor_hash(request: HttpRequest) -> str:
    """One stable token per visitor: the account when logged in, else the hashed address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return address_hash(request)
