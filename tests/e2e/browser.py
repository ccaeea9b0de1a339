"""Shared steps of the browser tests."""

PASSWORD = "demo-pass-2026"


def login(page, base: str, username: str, password: str = PASSWORD, next_path: str = "") -> None:
    """Log in through the login page and wait until the browser has left it (so the next navigation does not
    abort the login's own)."""
    page.goto(f"{base}/accounts/login/" + (f"?next={next_path}" if next_path else ""))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
