"""个人信息保护 (issue 25 item 3): versioned consents per purpose, the privacy notice, download all my data (JSON
and PDF), correction and deletion requests (deletion waits for the retention of 第三十一条, with its date and
reason), and withdrawing publication takes the public texts off the public pages and their cache at once."""

import datetime
import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from awards.models import Application, Campaign, Consent, DataRequest
from awards.services import privacy
from tests.awards.applicant_support import form_data, open_campaign
from tests.factories import ApplicationFactory
from tests.scoring.public_input.builders import public_campaign

pytestmark = pytest.mark.django_db
P = Consent.Purpose


def test_the_privacy_notice_is_public_and_shows_its_version(client, settings):
    settings.PRIVACY_NOTICE_VERSION = "2027-01-15"
    page = client.get(reverse("awards:privacy_notice")).content.decode()
    assert "个人信息处理规则" in page and "版本 2027-01-15" in page
    assert "第三十一条" in page and "敏感个人信息" in page


def test_sensitive_consent_is_recorded_with_time_and_notice_version_and_withdrawn_separately(
    client, settings
):
    app = ApplicationFactory(campaign=open_campaign())
    client.force_login(app.applicant)
    settings.PRIVACY_NOTICE_VERSION = "v1"
    client.post(reverse("awards:consent", args=["sensitive", "give"]))
    given = Consent.objects.get(user=app.applicant, purpose=P.SENSITIVE)
    assert given.notice_version == "v1" and given.given_at is not None and given.withdrawn_at is None
    # a new notice version: the page asks again; a new consent replaces the old one, both kept
    settings.PRIVACY_NOTICE_VERSION = "v2"
    page = client.get(reverse("awards:my_privacy")).content.decode()
    assert "告知已更新，请重新确认" in page
    client.post(reverse("awards:consent", args=["sensitive", "give"]))
    rows = list(Consent.objects.filter(user=app.applicant, purpose=P.SENSITIVE).order_by("pk"))
    assert [(c.notice_version, c.withdrawn_at is None) for c in rows] == [("v1", False), ("v2", True)]
    client.post(reverse("awards:consent", args=["sensitive", "withdraw"]))
    assert privacy.active_consent(app.applicant, P.SENSITIVE) is None
    # publication is not touched by the sensitive consent
    assert not Consent.objects.filter(user=app.applicant, purpose=P.PUBLICATION).exists()


def test_the_forms_publication_checkbox_records_a_publication_consent(client):
    app = ApplicationFactory(campaign=open_campaign())
    client.force_login(app.applicant)
    client.post(
        reverse("awards:application_edit", args=[app.pk]),
        form_data(app, public_summary="深耕城市感知网络十年。", public_consent="on"),
    )
    consent = privacy.active_consent(app.applicant, P.PUBLICATION)
    assert consent is not None and consent.notice_version == privacy.notice_version()
    client.post(reverse("awards:application_edit", args=[app.pk]), form_data(app, public_summary="深耕。"))
    assert privacy.active_consent(app.applicant, P.PUBLICATION) is None
    assert Consent.objects.get(user=app.applicant, purpose=P.PUBLICATION).withdrawn_at is not None


def test_withdrawing_publication_takes_the_texts_off_the_public_pages_and_their_cache_at_once(
    django_assert_num_queries,
):
    campaign, apps = public_campaign()
    app = apps[0]
    privacy.consent_give(user=app.applicant, purpose=P.PUBLICATION)
    url = reverse("public_input:candidate", args=[campaign.pk, app.pk])
    listing = reverse("public_input:candidates", args=[campaign.pk])
    assert app.public_achievements in Client().get(url).content.decode()
    assert app.public_summary in Client().get(listing).content.decode()
    with django_assert_num_queries(0):
        cached = Client().get(url)
    assert cached["X-Page-Cache"] == "hit" and app.public_achievements in cached.content.decode()

    owner = Client()
    owner.force_login(app.applicant)
    response = owner.post(reverse("awards:consent", args=["publication", "withdraw"]), follow=True)
    assert "1 份申报的公开简介与代表性成果已从公开页面撤下" in response.content.decode()

    after = Client().get(url)
    assert after["X-Page-Cache"] == "miss"
    assert app.public_achievements not in after.content.decode() and app.name in after.content.decode()
    page = Client().get(listing).content.decode()
    assert app.public_summary not in page and "申报人未公开简介" in page
    assert apps[1].public_summary in page  # the others keep theirs
    app.refresh_from_db()
    assert app.public_consent is False
    assert app.history.first().history_change_reason == "publication consent withdrawn"
    assert Consent.objects.get(user=app.applicant, purpose=P.PUBLICATION).withdrawn_at is not None


def _my_data_app(client):
    app = ApplicationFactory(campaign=open_campaign(), position="高级工程师")
    client.force_login(app.applicant)
    privacy.consent_give(user=app.applicant, purpose=P.SENSITIVE)
    return app


def test_download_all_my_data_as_json(client):
    app = _my_data_app(client)
    response = client.get(reverse("awards:my_data", args=["json"]))
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "private, no-store"
    data = json.loads(b"".join(response.streaming_content) if response.streaming else response.content)
    assert data["account"]["用户名"] == app.applicant.username
    fields = data["applications"][0]["fields"]
    assert fields["身份证号"] == app.resident_id and fields["联系电话"] == app.phone
    assert fields["担任职务"] == "高级工程师"
    assert data["consents"][0]["告知版本"] == privacy.notice_version()


def test_download_all_my_data_as_pdf(client):
    app = _my_data_app(client)
    response = client.get(reverse("awards:my_data", args=["pdf"]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "我的全部数据" in text and app.resident_id in text and app.applicant.username in text


def test_a_correction_request_is_kept_and_an_empty_one_refused_without_losing_the_other_field(client):
    app = _my_data_app(client)
    empty = client.post(reverse("awards:data_request", args=["correction"]), {"text": "  "})
    assert empty.status_code == 422 and "请写明需要更正的内容和正确的内容。" in empty.content.decode()
    too_long = "改" * 2001
    refused = client.post(reverse("awards:data_request", args=["correction"]), {"text": too_long})
    assert refused.status_code == 422 and too_long in refused.content.decode()
    client.post(reverse("awards:data_request", args=["correction"]), {"text": "职务应为正高级工程师"})
    made = DataRequest.objects.get(user=app.applicant)
    assert (made.kind, made.state, made.text) == ("correction", "open", "职务应为正高级工程师")


def test_deletion_of_a_submitted_application_waits_for_the_archive_plus_five_years_with_the_reason(client):
    app = _my_data_app(client)
    Application.objects.filter(pk=app.pk).update(state=Application.State.SUBMITTED)
    response = client.post(reverse("awards:data_request", args=["deletion"]), {"text": ""}, follow=True)
    made = DataRequest.objects.get(user=app.applicant, kind="deletion")
    assert made.state == "waiting" and made.honour_on is None
    assert "活动尚未归档" in made.wait_reason and "第三十一条" in made.wait_reason
    assert made.wait_reason in response.content.decode()

    archived = timezone.make_aware(datetime.datetime(2026, 3, 1, 10))
    Campaign.objects.filter(pk=app.campaign_id).update(phase=Campaign.Phase.ARCHIVED, archived_at=archived)
    honour_on, reason = privacy.retention_of(app.applicant)
    assert honour_on == datetime.date(2031, 3, 1) and "2031-03-01" in reason
    client.post(reverse("awards:data_request", args=["deletion"]), {"text": "不再参评"})
    later = DataRequest.objects.filter(user=app.applicant, kind="deletion").first()
    assert later.honour_on == datetime.date(2031, 3, 1)
    page = client.get(reverse("awards:my_privacy")).content.decode()
    assert "2031-03-01" in page and "不再参评" in page


def test_deletion_with_only_a_draft_is_open_for_the_office_at_once(client):
    app = _my_data_app(client)
    assert app.state == Application.State.DRAFT
    client.post(reverse("awards:data_request", args=["deletion"]))
    made = DataRequest.objects.get(user=app.applicant, kind="deletion")
    assert made.state == "open" and made.wait_reason == "" and made.honour_on is None


def test_my_privacy_needs_a_login(client):
    response = client.get(reverse("awards:my_privacy"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_form_asks_for_the_sensitive_consent_separately_and_comes_back_to_the_form(client):
    app = ApplicationFactory(campaign=open_campaign())
    client.force_login(app.applicant)
    edit = reverse("awards:application_edit", args=[app.pk])
    page = client.get(edit).content.decode()
    assert 'id="give-sensitive-consent"' in page
    response = client.post(reverse("awards:consent", args=["sensitive", "give"]), {"next": edit})
    assert response.status_code == 302 and response["Location"] == edit
    assert "您已于" in client.get(edit).content.decode()
    away = client.post(
        reverse("awards:consent", args=["sensitive", "give"]), {"next": "https://evil.example/"}
    )
    assert away["Location"] == reverse("awards:my_privacy")
