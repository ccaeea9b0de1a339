"""The certificate carries the QR code of its verification page and the code printed under it (issue 22;
docs/decisions.md 221): read back from the real PDF — the text with pypdf, the QR code decoded with zxing-cpp
from the page rendered by pdftoppm."""

import io
import subprocess

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from tests.e2e.conftest import ARTIFACTS
from tests.workflow.verify.helpers import honor as make_honor
from workflow.documents.pdf import certificate_pdf
from workflow.verify_codes import grouped

pytestmark = pytest.mark.django_db
SITE = "https://honors.example.gov.cn"


def rendered(data: bytes, name: str, dpi: int = 150) -> Image.Image:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / f"{name}.pdf"
    pdf.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-singlefile", str(pdf), str(ARTIFACTS / name)],
        check=True,
        timeout=120,
    )
    return Image.open(ARTIFACTS / f"{name}.png").convert("L")


def qr_texts(image: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def test_the_certificate_carries_the_code_and_a_qr_code_to_its_verification_page(settings):
    settings.SITE_URL = SITE
    honor = make_honor(name="王芳")
    data = certificate_pdf(honor)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1  # the QR code did not push anything onto a second page
    text = reader.pages[0].extract_text()
    assert grouped(honor.verify_code) in text and "证书核验码" in text
    assert qr_texts(rendered(data, "certificate-qr")) == [f"{SITE}/verify/{honor.verify_code}/"]


def test_each_certificate_has_its_own_qr_code(settings):
    settings.SITE_URL = SITE + "/"  # a trailing slash in the setting does not double
    first, second = make_honor(), make_honor()
    urls = [
        qr_texts(rendered(certificate_pdf(h), f"certificate-qr-{i}", dpi=100))
        for i, h in enumerate((first, second))
    ]
    assert urls == [
        [f"{SITE}/verify/{first.verify_code}/"],
        [f"{SITE}/verify/{second.verify_code}/"],
    ]
