"""The QR code on every certificate (docs/decisions.md 221): SITE_URL + /verify/<code>/, drawn by segno as an SVG
that WeasyPrint embeds as vectors (sharp at any print resolution).

SITE_URL comes from the environment; unset with DEBUG (and TESTING) off, the system check verify.W001 warns (the QR codes would
point at a development address)."""

import segno
from django.conf import settings
from django.core.checks import Warning, register
from django.urls import reverse

#: What the QR code points at while SITE_URL is unset (development only; verify.W001 in production).
FALLBACK_SITE_URL = "http://localhost:8000"


def site_url() -> str:
    return (getattr(settings, "SITE_URL", "") or FALLBACK_SITE_URL).rstrip("/")


def verification_url(honor) -> str:
    return site_url() + reverse("verify:certificate", kwargs={"code": honor.verify_code})


def qr_svg_data_uri(url: str) -> str:
    """The QR code as an SVG data URI for an <img> (error correction M, the 4-module quiet zone); its size is set
    by the certificate's CSS (viewBox kept, no width/height), so it stays vector in the PDF."""
    qr = segno.make(url, error="m", micro=False)
    return qr.svg_data_uri(scale=1, border=4, dark="#000", light="#fff", omitsize=True)


@register()
def site_url_configured(app_configs=None, **kwargs):
    if settings.DEBUG or getattr(settings, "TESTING", False) or getattr(settings, "SITE_URL", ""):
        return []
    return [
        Warning(
            "SITE_URL is not set: the QR codes on the certificates would point at "
            f"{FALLBACK_SITE_URL}/verify/… instead of the public site.",
            hint="Set SITE_URL to the site's public address, e.g. https://honors.example.gov.cn "
            "(docs/deployment.md, 'Certificate verification').",
            id="verify.W001",
        )
    ]
