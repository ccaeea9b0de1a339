"""Personal-data scan (issue 10): no page or export that anonymous visitors, experts or committee members can
reach carries a valid resident ID (GB 11643 check digit and birth date) or the mobile number of an applicant.

The world (tests/security/world.py) gives every applicant a valid ID and a distinct mobile number; the scan asks
every URL of the security matrix (tests/security/test_matrix.py) as each of these roles, for both sides, GET and
POST, and reads what comes back the way a person would: HTML and text as text, PDFs with pypdf, Excel with
openpyxl, Word with python-docx.
"""

import io
import re
import zipfile

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import override_settings

from awards.validators import validate_resident_id
from tests.security.matrix import ROLE_USER
from tests.security.test_matrix import _url, all_rows
from tests.security.world import PEOPLE, build_world

#: The roles that must never see personal data (the office and the applicant's own side legitimately do).
SCANNED_ROLES = ("anon", "expert", "chair", "expert_out", "committee")
#: Files passed through exactly as the applicant uploaded them (evidence); what is inside is the applicant's.
UPLOADED_AS_IS = {"scoring:attachment"}

#: The public input pages anybody can open (第十九条); the scan must have read each of them.
PUBLIC_INPUT_PAGES = {
    "public_input:index",
    "public_input:candidates",
    "public_input:candidate",
    "public_input:verify",
    "public_input:rules",
}

ID_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


def valid_resident_ids(text: str) -> list[str]:
    found = []
    for candidate in ID_CANDIDATE.findall(text):
        try:
            validate_resident_id(candidate.upper())
        except ValidationError:
            continue
        found.append(candidate)
    return found


def text_of(response) -> str:
    """What a reader of the response sees, as text."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "").split(";")[0]
    if kind == "application/pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    if kind == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            " ".join("" if v is None else str(v) for v in row)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    if kind == "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
        from docx import Document

        doc = Document(io.BytesIO(body))
        cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)
    if kind == "application/zip":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(archive.namelist())
    if kind.startswith("image/"):
        return ""
    return body.decode("utf-8", errors="replace")


def leaks(text: str, people) -> list[str]:
    compact = re.sub(r"[\s\-]", "", text)
    found = [f"resident ID {i}" for i in valid_resident_ids(text) + valid_resident_ids(compact)]
    found += [f"mobile {phone}" for _side, _id, phone in people if phone in compact]
    return sorted(set(found))


def test_the_scanner_finds_a_valid_id_and_an_applicants_mobile_however_they_are_written():
    resident_id, phone = PEOPLE[0][1], PEOPLE[0][2]
    page = f"<td>{resident_id[:6]} {resident_id[6:14]} {resident_id[14:]}</td><td>{phone[:3]}-{phone[3:7]}-{phone[7:]}</td>"
    assert leaks(page, PEOPLE) == [f"mobile {phone}", f"resident ID {resident_id}"]
    broken = resident_id[:-1] + ("0" if resident_id[-1] != "0" else "1")
    assert leaks(f"编号 {broken}", PEOPLE) == []


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("scan-media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast):
        with transaction.atomic():
            w = build_world()
            w.media = media
            yield w
            transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _media_root(request, settings):
    """The world's files stay where the module's world put them (tests without the database need no world:
    pytest-django runs them last, after transactional tests emptied the database)."""
    if "world" in request.fixturenames:
        settings.MEDIA_ROOT = request.getfixturevalue("world").media


@pytest.mark.django_db
@pytest.mark.parametrize("role", SCANNED_ROLES)
def test_no_page_or_export_shows_an_id_or_mobile_to_this_role(role, world, client):
    if ROLE_USER[role]:
        client.force_login(User.objects.get(pk=getattr(world, ROLE_USER[role]).pk))
    found, read = [], set()
    for name, row in all_rows().items():
        if name in UPLOADED_AS_IS or name.startswith("admin:") or role not in row.roles:
            continue
        for side in ("a", "b") if row.sides else ("a",):
            url = _url(name, row, world, side)
            savepoint = transaction.savepoint_create()
            for method in ("get", "post"):
                response = getattr(client, method)(url, {})
                if response.status_code != 200:
                    continue
                read.add(name)
                found += [f"{method.upper()} {url}: {leak}" for leak in leaks(text_of(response), PEOPLE)]
            transaction.savepoint_rollback(savepoint)
    assert read
    if role == "anon":  # the 公众评价 pages (no login) were read, with and without a consented public summary
        assert PUBLIC_INPUT_PAGES <= read, PUBLIC_INPUT_PAGES - read
    assert not found, "\n".join(found)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "who", "method", "data"),
    [
        ("awards:application_pdf", "applicant_a", "get", {}),
        ("awards:application_docx", "applicant_a", "get", {}),
        ("awards:application_pdf_full", "office", "post", {"purpose": "核对身份"}),
        ("workflow:job_download", "office", "get", {}),
    ],
)
def test_the_scan_reads_real_documents_where_the_id_is_legitimately_shown(
    name, who, method, data, world, client
):
    """The same reader finds the applicant's ID and mobile in the applicant's own PDF and Word form, the office's
    full form (stated purpose) and full Excel roster (the world's job states one): an empty scan above means
    nothing was there, not that the documents went unread. The office's default copies are masked (issue 25)."""
    client.force_login(User.objects.get(pk=getattr(world, who).pk))
    response = getattr(client, method)(_url(name, all_rows()[name], world, "a"), data)
    assert response.status_code == 200
    resident_id, phone = world.people["a"]
    found = leaks(text_of(response), PEOPLE)
    assert f"resident ID {resident_id}" in found
    if name != "workflow:job_download":  # the roster lists IDs, not phones
        assert f"mobile {phone}" in found


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["awards:application_pdf", "awards:application_docx"])
def test_the_offices_default_copy_of_the_form_has_neither_id_nor_mobile(name, world, client):
    client.force_login(User.objects.get(pk=world.office.pk))
    response = client.get(_url(name, all_rows()[name], world, "a"))
    assert response.status_code == 200
    assert leaks(text_of(response), PEOPLE) == []
