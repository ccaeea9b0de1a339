"""Photo and evidence uploads are checked by content (not by name); a refused file never replaces a good one."""

import pytest
from django.urls import reverse

from awards.models import Attachment
from tests.awards.applicant_support import form_data, jpeg_bytes, open_campaign, pdf_bytes, upload
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture
def application(client):
    app = ApplicationFactory(campaign=open_campaign())
    client.force_login(app.applicant)
    return app


def post_files(client, application, **files):
    data = form_data(application)
    data.update(files)
    return client.post(reverse("awards:application_edit", args=[application.pk]), data)


def current(application, kind):
    return application.attachments.get(kind=kind)


def test_a_real_jpeg_photo_is_stored(client, application):
    response = post_files(client, application, photo=upload("证件照.jpg", jpeg_bytes(), "image/jpeg"))
    assert response.status_code == 302
    photo = current(application, Attachment.Kind.PHOTO)
    assert photo.original_name == "证件照.jpg" and photo.content_type == "image/jpeg"
    assert photo.file.read()[:3] == b"\xff\xd8\xff"


def test_an_exe_renamed_jpg_is_refused_and_the_previous_photo_kept(client, application):
    post_files(client, application, photo=upload("me.jpg", jpeg_bytes(), "image/jpeg"))
    before = current(application, Attachment.Kind.PHOTO)
    html = post_files(client, application, photo=upload("virus.jpg", EXE, "image/jpeg")).content.decode()
    assert (
        "照片“virus.jpg”不是 JPG 图片（文件内容为application/x-msdownload），请上传 jpg 格式的证件照。"
        in html
    )
    assert current(application, Attachment.Kind.PHOTO).pk == before.pk


def test_a_png_named_jpg_is_refused(client, application):
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (30, 40)).save(out, format="PNG")
    html = post_files(
        client, application, photo=upload("photo.jpg", out.getvalue(), "image/jpeg")
    ).content.decode()
    assert "照片“photo.jpg”不是 JPG 图片（文件内容为image/png），请上传 jpg 格式的证件照。" in html
    assert not application.attachments.filter(kind=Attachment.Kind.PHOTO).exists()


def test_a_photo_over_the_size_limit_is_refused(client, application, settings):
    settings.PHOTO_MAX_BYTES = 1000
    content = jpeg_bytes(600, 800, (10, 200, 30))
    html = post_files(client, application, photo=upload("big.jpg", content, "image/jpeg")).content.decode()
    assert "照片“big.jpg”大小为" in html and "超过 1000\xa0字节 的上限。" in html
    assert not application.attachments.filter(kind=Attachment.Kind.PHOTO).exists()


def test_a_ten_page_pdf_is_accepted_with_its_page_count(client, application):
    assert (
        post_files(
            client, application, evidence=upload("材料.pdf", pdf_bytes(10), "application/pdf")
        ).status_code
        == 302
    )
    assert current(application, Attachment.Kind.EVIDENCE).pages == 10


def test_an_eleven_page_pdf_is_refused_and_the_previous_evidence_kept(client, application):
    post_files(client, application, evidence=upload("ok.pdf", pdf_bytes(3), "application/pdf"))
    html = post_files(
        client, application, evidence=upload("long.pdf", pdf_bytes(11), "application/pdf")
    ).content.decode()
    assert "证实性材料“long.pdf”共 11 页，超过 10 页的上限，请精简后上传。" in html
    kept = current(application, Attachment.Kind.EVIDENCE)
    assert kept.original_name == "ok.pdf" and kept.pages == 3


def test_a_word_file_named_pdf_is_refused(client, application):
    html = post_files(
        client, application, evidence=upload("cv.pdf", b"PK\x03\x04" + b"\x00" * 100)
    ).content.decode()
    assert "证实性材料“cv.pdf”不是 PDF 文件，请将材料扫描或导出为 PDF 后上传。" in html
    assert not application.attachments.filter(kind=Attachment.Kind.EVIDENCE).exists()


def test_evidence_over_the_size_limit_is_refused(client, application, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    html = post_files(
        client, application, evidence=upload("a.pdf", pdf_bytes(1), "application/pdf")
    ).content.decode()
    assert "证实性材料“a.pdf”大小为" in html and "超过 100\xa0字节 的上限。" in html


def test_a_refused_upload_does_not_lose_the_text_posted_with_it(client, application):
    data = form_data(application, section_basic="与照片一起提交的文字")
    data["photo"] = upload("x.jpg", EXE)
    client.post(reverse("awards:application_edit", args=[application.pk]), data)
    application.refresh_from_db()
    assert application.section_basic == "与照片一起提交的文字"


def test_a_new_photo_replaces_the_old_one(client, application):
    post_files(client, application, photo=upload("a.jpg", jpeg_bytes(), "image/jpeg"))
    post_files(client, application, photo=upload("b.jpg", jpeg_bytes(color=(1, 2, 3)), "image/jpeg"))
    assert list(application.attachments.values_list("original_name", flat=True)) == ["b.jpg"]


def test_the_photo_is_served_only_to_those_who_may_see_the_application(client, application):
    from tests.factories import user_with_role

    post_files(client, application, photo=upload("a.jpg", jpeg_bytes(), "image/jpeg"))
    url = reverse("awards:application_photo", args=[application.pk])
    assert client.get(url)["Content-Type"] == "image/jpeg"
    client.force_login(user_with_role("applicant"))
    assert client.get(url).status_code == 404
