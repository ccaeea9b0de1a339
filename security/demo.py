"""Demo second factors (`make demo`): every demo account whose role requires two-factor sign-in gets an
authenticator with a secret derived from its user name and one backup code, both printed by
`print_demo_accounts` — public like the demo password, so the demo refuses to load without DEBUG."""

import hashlib
from base64 import b32encode

from django.contrib.auth.models import User
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from security.policy import otp_required
from security.services import APP_DEVICE, BACKUP_DEVICE


def demo_key(username: str) -> bytes:
    return hashlib.sha256(f"smartcity-honors demo totp {username}".encode()).digest()[:20]


def demo_secret(username: str) -> str:
    """The base32 secret to type into an authenticator app."""
    return b32encode(demo_key(username)).decode()


def demo_backup_code(username: str) -> str:
    return hashlib.sha256(f"smartcity-honors demo backup {username}".encode()).hexdigest()[:8]


def seed_demo_devices(users) -> int:
    """Idempotent: an authenticator (the derived secret) and the printed backup code for each user that needs
    a second factor."""
    seeded = 0
    for user in users:
        if not otp_required(user):
            continue
        TOTPDevice.objects.update_or_create(
            user=user, name=APP_DEVICE, defaults={"key": demo_key(user.username).hex(), "confirmed": True}
        )
        device, _created = StaticDevice.objects.get_or_create(user=user, name=BACKUP_DEVICE)
        StaticToken.objects.get_or_create(device=device, token=demo_backup_code(user.username))
        seeded += 1
    return seeded


def demo_second_factor(username: str) -> tuple[str, str] | None:
    """(secret, backup code) of a demo account that has them, else None."""
    if not TOTPDevice.objects.filter(user__username=username, confirmed=True).exists():
        return None
    return demo_secret(username), demo_backup_code(username)


def seed_all_demo_accounts(usernames) -> int:
    return seed_demo_devices(User.objects.filter(username__in=list(usernames)))
