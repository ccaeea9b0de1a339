"""Shared steps of the browser tests."""

PASSWORD = "demo-pass-2026"


def login(
    page,
    base: str,
    username: str,
    password: str = PASSWORD,
    next_path: str = "",
    otp_key: bytes | None = None,
) -> None:
    """Log in through the login page and wait until the browser has left it (so the next navigation does not
    abort the login's own). With `otp_key` (the user's authenticator secret, where OTP_REQUIRED_ROLES asks for
    a second factor), the code the app would show is entered on the two-step page."""
    page.goto(f"{base}/accounts/login/" + (f"?next={next_path}" if next_path else ""))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if otp_key is not None and "/accounts/2fa/verify/" in page.url:
        page.fill("#id_token", accepted_totp_code(otp_key, username))
        page.click("main button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/2fa/" not in url)


def totp_code(key: bytes, drift: int = 0) -> str:
    """The 6-digit code an authenticator app shows for `key` now (drift 1: the next 30-second step, which the
    server accepts too, so that a code used a moment ago in the same step is not given twice)."""
    from django_otp.oath import totp

    return f"{totp(key, drift=drift):06d}"


def accepted_totp_code(key: bytes, username: str) -> str:
    """A code the server accepts now for `username`'s authenticator: inside its window (the current 30-second step
    moved by the device's drift, ±1) and after the last step it accepted (django-otp never accepts a step twice).
    A fixed "next step" is not enough: when the enrolment's code crossed a step boundary, django-otp keeps the
    device's drift at −1, and the next step then lies outside the window (seen once in a full run)."""
    import time

    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    current = (int(time.time()) - device.t0) // device.step
    target = max(current + device.drift, device.last_t + 1)
    return f"{totp(key, step=device.step, t0=device.t0, digits=device.digits, drift=target - current):06d}"
