"""When a client must prove work (ALTCHA, self-hosted proof of work; decisions 251) before a code is sent.

A client is challenged on its own failures (a wrong code, a failed challenge): the failures are counted per
client — the device cookie together with the client's address (`config.client_ip.group_address`: an IPv6 client
by its /64) — never per network, so three typos by one citizen behind a NAT do not stop the others there. A script
that drops its cookies is counted by its address alone; a network whose clients fail many times together
(`network_failures_before_captcha`, default 30) is challenged as a whole.

ALTCHA needs JavaScript. A challenged client without it (no solution posted) is not locked out: it may ask for a
code once every `unsolved_interval` seconds (default 60), which is about what a script solving the challenge costs.
"""

from django.conf import settings
from django.core.cache import cache

from config.client_ip import group_address
from config.ratelimit import count_in_window
from scoring.services.vote_limits import WINDOW, limit_key
from scoring.services.voter_identity import DEVICE_COOKIE, client_ip

CLIENT, NETWORK = "client", "network"


def _address(request) -> str:
    return group_address(client_ip(request)) or ""


def _client(request) -> str:
    token = request.COOKIES.get(DEVICE_COOKIE, "")
    return f"{token}|{_address(request)}" if token else f"|{_address(request)}"


def level(request) -> str:
    """ "" (no challenge), CLIENT (this client failed too often) or NETWORK (its whole network did)."""
    limits = settings.PUBLIC_VOTE_LIMITS
    if (cache.get(limit_key("failures", _client(request))) or 0) >= limits["failures_before_captcha"]:
        return CLIENT
    if (cache.get(limit_key("net_failures", _address(request))) or 0) >= limits[
        "network_failures_before_captcha"
    ]:
        return NETWORK
    return ""


def record_failure(request) -> None:
    count_in_window(limit_key("failures", _client(request)), WINDOW)
    count_in_window(limit_key("net_failures", _address(request)), WINDOW)


def unsolved_allowed(request, challenge_level: str) -> bool:
    """Whether a challenged client that posted no solution (JavaScript off) may ask now: once per
    `unsolved_interval` seconds, counted where the challenge came from (the client, or its network)."""
    who = _client(request) if challenge_level == CLIENT else _address(request)
    return cache.add(limit_key("unsolved", who), 1, timeout=settings.PUBLIC_VOTE_LIMITS["unsolved_interval"])


def unsolved_wait() -> int:
    return settings.PUBLIC_VOTE_LIMITS["unsolved_interval"]
