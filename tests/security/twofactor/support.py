"""Helpers for tests that sign in where a second factor is required (OTP_REQUIRED_ROLES)."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def enrol(user) -> TOTPDevice:
    """A confirmed authenticator for `user` (as if enrolled through the pages)."""
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def code(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, drift=drift):06d}"


def verified_login(client, user, *, enrol_missing: bool = True) -> None:
    """force_login plus a verified second factor in the session: for tests of other features under
    OTP_REQUIRED_ROLES (the shared fixtures' users are asked for nothing while the setting is empty). A user
    without an authenticator gets one, unless `enrol_missing` is False (the bench's profiles: its database is
    kept between runs, and an applicant given a device would then be asked for a code at every sign-in)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None and enrol_missing:
        device = enrol(user)
    client.force_login(user)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
