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


def group_address(address: str | None) -> str | None:
    """The address a limit counts under: an IPv4 address as it is; an IPv6 address as the first address of its
    /64 (one subscriber's network: a host picks any address inside it at will, so counting per address would
    let one client change address with every try). An IPv4-mapped IPv6 address counts as its IPv4 address.
    Always a valid IP address (django-axes stores it in an IP address column); anything unparsable unchanged."""
    parsed = _parse(address or "")
    if parsed is None:
        return address or None
    if parsed.version == 6 and parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def client_key(request) -> str | None:
    """The client as every abuse limit counts it — objections, public-vote codes and ballots, registration,
    password reset and the login lockout (AXES_CLIENT_IP_CALLABLE): `client_ip` (so behind nginx the real client,
    never the proxy), IPv6 grouped by /64 (`group_address`). Limits must use this, never REMOTE_ADDR."""
    return group_address(client_ip(request))
