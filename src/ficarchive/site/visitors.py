"""Who is asking, without storing who they are: salted hashes of addresses."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, unless that is a proxy named in the setting
    FICARCHIVE_TRUSTED_PROXIES; then the nearest X-Forwarded-For hop that is not one of them.

    Hops further left were written by the client and are never believed.
    """
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = set(getattr(settings, "FICARCHIVE_TRUSTED_PROXIES", ()))
    if address not in trusted:
        return address
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        hop = hop.strip()
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return address
        if hop not in trusted:
            return hop
    return address


def address_hash(request: HttpRequest) -> str:
    """A keyed hash of the client's address; the raw address is never stored anywhere."""
    address = client_address(request)
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"address:{address}".encode(), hashlib.sha256).hexdigest()[:40]


def visitor_hash(request: HttpRequest) -> str:
    """One stable token per visitor: the account when logged in, else the hashed address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return address_hash(request)
