"""The client's IP address, the same for the login lockout (django-axes), the audit trail and rate limits.

`X-Forwarded-For` is honoured only when the request comes from a trusted proxy (`TRUSTED_PROXIES`, IPs or
networks): the address is then the right-most entry of the header that is not itself a trusted proxy, so a
client cannot choose its own address by sending the header. Without trusted proxies the header is ignored and
the peer address (`REMOTE_ADDR`) is used (docs/deployment.md)."""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def from_trusted_proxy(request) -> bool:
    """Whether the request's peer is one of `TRUSTED_PROXIES` (so the headers it sets may be believed)."""
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    return bool(networks) and _trusted(_parse(request.META.get("REMOTE_ADDR") or ""), networks)


def client_ip(request) -> str | None:
    peer = request.META.get("REMOTE_ADDR") or None
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if peer is None or not networks or not _trusted(_parse(peer), networks):
        return peer
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    nearest = peer
    for part in reversed(forwarded):
        address = _parse(part)
        if address is None:
            return nearest  # a malformed hop: trust nothing further left
        if not _trusted(address, networks):
            return str(address)
        nearest = str(address)
    return nearest
