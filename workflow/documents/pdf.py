"""Documents of the office (PDF via WeasyPrint, Noto Sans CJK SC): the public notice of the recommended list
(公示公告), one in-unit notice per unit (单位内部公示), the certificates (荣誉证书) one by one or as a zip."""

import io
import zipfile

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from config import clock
from workflow.documents.qr import qr_svg_data_uri, verification_url
from workflow.models import Honor, UnitNotice
from workflow.selectors.publicity import listed_applications
from workflow.verify_codes import grouped


def _pdf(template: str, context: dict) -> bytes:
    from config.pdf import html_to_pdf

    with translation.override("zh-hans"):
        html = render_to_string(template, context)
    return html_to_pdf(html)


def publicity_notice_pdf(campaign) -> bytes:
    """公示公告: the list with unit and domain, the period and where to send objections."""
    return _pdf(
        "workflow/documents/publicity_notice.html",
        {"campaign": campaign, "publicity": campaign.publicity, "apps": listed_applications(campaign)},
    )


def unit_notice_pdf(notice: UnitNotice) -> bytes:
    """单位内部公示: the unit's own people on the list, to be posted inside the unit."""
    publicity = notice.publicity
    campaign = publicity.campaign
    apps = listed_applications(campaign).filter(employer=notice.organization)
    return _pdf(
        "workflow/documents/unit_notice.html",
        {"campaign": campaign, "publicity": publicity, "notice": notice, "apps": apps},
    )


def certificate_pdf(honor: Honor) -> bytes:
    """荣誉证书 on one A4 landscape page, issued by the 主办单位 (第二十三条; names in settings.CERTIFICATE_ISSUERS),
    with the QR code of its public verification page and the code printed under it (docs/decisions.md 221)."""
    url = verification_url(honor)
    certificate = {"honor": honor, "qr": qr_svg_data_uri(url), "code": grouped(honor.verify_code), "url": url}
    return _pdf(
        "workflow/documents/certificate.html",
        {
            "certificates": [certificate],
            "today": clock.today(honor.application.campaign),
            "issuers": settings.CERTIFICATE_ISSUERS,
        },
    )


def certificate_filename(honor: Honor) -> str:
    return f"{honor.certificate_number}.pdf"


def certificates_zip(campaign, progress=None, user=None) -> bytes:
    """Every valid certificate of the campaign, one PDF each, in a zip. `progress(done, total)` is called
    after each one (for the background task's progress bar)."""
    honors = list(
        Honor.objects.filter(application__campaign=campaign, certificate_recalled_at__isnull=True)
        .select_related("application__campaign__award_type")
        .order_by("certificate_number")
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, honor in enumerate(honors, start=1):
            archive.writestr(certificate_filename(honor), certificate_pdf(honor))
            if progress:
                progress(i, len(honors))
    return buffer.getvalue()
