"""A real office suite in the tests: LibreOffice, headless, converts an export to PDF as the office would print it.
Each conversion uses its own user profile so parallel runs do not clash. Without LibreOffice the tests skip and
say why (the Makefile's and CI's system packages include libreoffice-calc-nogui and libreoffice-writer-nogui)."""

import io
import re
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
from pypdf import PdfReader

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOPPM = shutil.which("pdftoppm")

needs_office = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui libreoffice-writer-nogui)",
)


def to_pdf(content: bytes, suffix: str) -> bytes:
    """The file printed to PDF by LibreOffice (as File ▸ Export as PDF with the file's own print set-up)."""
    return to_pdfs({"export": (content, suffix)})["export"]


def to_pdfs(files: dict[str, tuple[bytes, str]]) -> dict[str, bytes]:
    """Several files printed in one LibreOffice run: name → (content, suffix) gives name → PDF."""
    with tempfile.TemporaryDirectory(prefix="lo-convert-") as tmp:
        tmp = Path(tmp)
        sources = []
        for name, (content, suffix) in files.items():
            source = tmp / f"{name}{suffix}"
            source.write_bytes(content)
            sources.append(str(source))
        profile = (tmp / f"profile-{uuid.uuid4().hex}").as_uri()
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp / "out"),
                *sources,
            ],
            check=True,
            capture_output=True,
            timeout=240 + 30 * len(sources),
        )
        return {name: (tmp / "out" / f"{name}.pdf").read_bytes() for name in files}


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def squeeze(text: str) -> str:
    """Text without any whitespace: a value wrapped inside its cell still reads the same."""
    return re.sub(r"\s+", "", text)


def screenshot(pdf: bytes, path: Path, *, page: int = 1) -> None:
    """A PNG of one printed page (for the test artifacts)."""
    if PDFTOPPM is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-png-") as tmp:
        source = Path(tmp) / "printed.pdf"
        source.write_bytes(pdf)
        stem = Path(tmp) / "page"
        subprocess.run(
            [
                PDFTOPPM,
                "-png",
                "-r",
                "80",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(source),
                str(stem),
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        shutil.copyfile(f"{stem}.png", path)
