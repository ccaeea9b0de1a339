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
        page.fill("#id_token", totp_code(otp_key, drift=1))
        page.click("main button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/2fa/" not in url)


def totp_code(key: bytes, drift: int = 0) -> str:
    """The 6-digit code an authenticator app shows for `key` now (drift 1: the next 30-second step, which the
    server accepts too, so that a code used a moment ago in the same step is not given twice)."""
    from django_otp.oath import totp

    return f"{totp(key, drift=drift):06d}"
