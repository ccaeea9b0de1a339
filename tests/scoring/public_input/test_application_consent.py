"""The applicant agrees to publish a public summary and achievements and sees them as the public will."""

import pytest
from django.urls import reverse

from tests.awards.applicant_support import form_data, open_campaign
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(client):
    app = ApplicationFactory(campaign=open_campaign())
    client.force_login(app.applicant)
    return app


def _save(client, application, **overrides):
    return client.post(
        reverse("awards:application_edit", args=[application.pk]), form_data(application, **overrides)
    )


def test_consent_and_public_texts_are_saved_and_previewed_as_the_public_sees_them(client, application):
    _save(
        client,
        application,
        public_summary="深耕城市感知网络十年。",
        public_achievements="主持建设全市井盖监测网。",
        public_consent="on",
    )
    application.refresh_from_db()
    assert application.public_consent is True
    page = client.get(reverse("awards:application_edit", args=[application.pk])).content.decode()
    preview = page[page.index('id="public-preview"') :]
    assert "深耕城市感知网络十年。" in preview
    assert application.name in preview
    assert application.resident_id not in preview


def test_without_consent_the_preview_says_only_name_unit_and_domain_are_public(client, application):
    _save(client, application, public_summary="深耕城市感知网络十年。")
    page = client.get(reverse("awards:application_edit", args=[application.pk])).content.decode()
    preview = page[page.index('id="public-preview"') :]
    assert "未勾选同意公开时，公众只能看到姓名、单位和技术领域。" in preview
    assert "深耕城市感知网络十年。" not in preview


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("请致电 13812345678", "手机号码"),
        ("邮箱 me@example.cn", "电子邮箱"),
        ("证件 110101199003074379", "身份证号码"),
    ],
)
def test_personal_data_in_the_public_summary_is_refused_and_the_rest_is_kept(client, application, text, what):
    response = _save(client, application, public_summary=text, position="高级工程师")
    assert f"公开内容不能包含{what}等个人信息" in response.content.decode()
    application.refresh_from_db()
    assert application.public_summary == ""
    assert application.position == "高级工程师"
