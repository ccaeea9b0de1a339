"""Review, submission, the status page, returned applications and retracting."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from awards.models import Application
from notices.models import Notification
from tests.awards.applicant_support import open_campaign
from tests.factories import (
    ApplicationFactory,
    CampaignFactory,
    award_type,
    complete_application,
    user_with_role,
)
from workflow.models import Honor
from workflow.services.transitions import application_transition

pytestmark = pytest.mark.django_db


def login(client, application):
    client.force_login(application.applicant)
    return client


def submit(client, application):
    return client.post(reverse("awards:application_review", args=[application.pk]))


def test_review_lists_every_missing_item_with_a_link_to_it(client):
    app = ApplicationFactory(campaign=open_campaign(), name="", unit_postcode="12")
    html = login(client, app).get(reverse("awards:application_review", args=[app.pk])).content.decode()
    edit = reverse("awards:application_edit", args=[app.pk])
    assert f'href="{edit}#id_name">请填写“姓名”。' in html
    assert f'href="{edit}#id_unit_postcode">邮编应为6位数字。' in html
    assert f'href="{edit}#education">请至少填写一条教育经历（从高中起）。' in html
    assert f'href="{edit}#id_photo">请上传申报人1寸证件照（jpg）。' in html
    assert 'id="submit-application"' in html


def test_review_warns_about_years_below_the_threshold(client):
    app = complete_application(campaign=open_campaign(), years_in_industry=2)
    html = login(client, app).get(reverse("awards:application_review", args=[app.pk])).content.decode()
    assert "第十二条：在本市智慧城市建设相关行业单位工作须不少于 3 年（填报 2 年）。" in html


def test_an_incomplete_application_is_refused_and_stays_a_draft(client):
    app = ApplicationFactory(campaign=open_campaign())
    response = submit(login(client, app), app)
    app.refresh_from_db()
    assert response.status_code == 422
    assert "申报表不完整，不能提交：" in response.content.decode()
    assert app.state == Application.State.DRAFT and app.name.startswith("张")


def test_a_complete_application_is_submitted_and_the_status_shown_in_plain_words(client):
    app = complete_application(campaign=open_campaign())
    response = submit(login(client, app), app)
    app.refresh_from_db()
    assert response.url == reverse("awards:application_detail", args=[app.pk])
    assert app.state == Application.State.SUBMITTED and app.submitted_at is not None
    html = client.get(response.url).content.decode()
    assert "资格审查中" in html and "已提交，资格审查中" in html


def test_submission_notifies_in_the_page_and_by_email(client, django_capture_on_commit_callbacks):
    app = complete_application(campaign=open_campaign())
    with django_capture_on_commit_callbacks(execute=True):
        submit(login(client, app), app)
    note = Notification.objects.get(user=app.applicant)
    assert "已提交" in note.subject
    assert mail.outbox[-1].to == [app.applicant.email]
    assert note.subject in client.get(reverse("awards:my_applications")).content.decode()


def test_the_five_year_ban_refuses_submission_and_keeps_the_draft(client):
    app = complete_application(campaign=open_campaign())
    earlier_campaign = CampaignFactory(award_type=award_type("craftsman"), year=app.campaign.year - 3)
    earlier = ApplicationFactory(campaign=earlier_campaign, resident_id=app.resident_id)
    Application.objects.filter(pk=earlier.pk).update(state=Application.State.AWARDED)
    Honor.objects.create(
        application=earlier,
        kind=Honor.Kind.TITLE,
        certificate_number="ZHGJ-X-001",
        awarded_on=datetime.date(2024, 5, 1),
    )
    response = submit(login(client, app), app)
    html = response.content.decode()
    assert (
        f"第十三条：申报人已于 {earlier_campaign.year} 年获得“智慧工匠”荣誉称号，5 年内不得重复申报。" in html
    )
    app.refresh_from_db()
    assert app.state == Application.State.DRAFT and app.section_basic.startswith("近三年")


def _second_honor_the_same_year() -> Application:
    """A complete 智慧工匠 draft of a person who has already submitted a 领军先锋 application the same year."""
    craftsman = open_campaign("craftsman")
    pioneer = open_campaign("pioneer", year=craftsman.year)
    other = complete_application(campaign=pioneer)
    Application.objects.filter(pk=other.pk).update(state=Application.State.SUBMITTED)
    return complete_application(campaign=craftsman, resident_id=other.resident_id)


def test_one_honor_per_year_refuses_a_second_submission(client):
    app = _second_honor_the_same_year()
    html = submit(login(client, app), app).content.decode()
    assert "领军先锋办法三“不可同时申报”：同一年度不能同时申报两项荣誉，申报人已申报“领军先锋”。" in html
    app.refresh_from_db()
    assert app.state == Application.State.DRAFT


def test_the_refusal_in_english_names_the_other_honor_in_english(client):
    app = _second_honor_the_same_year()
    login(client, app).post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = submit(client, app).content.decode()
    assert "the applicant has applied for \u201cLeading Pioneer\u201d." in html
    assert "\u201c领军先锋\u201d" not in html


def test_submitted_application_cannot_be_edited(client):
    app = complete_application(campaign=open_campaign())
    submit(login(client, app), app)
    response = client.get(reverse("awards:application_edit", args=[app.pk]))
    assert response.url == reverse("awards:application_detail", args=[app.pk])


def test_the_applicant_may_retract_before_the_deadline(client):
    app = complete_application(campaign=open_campaign())
    submit(login(client, app), app)
    assert "撤回申报" in client.get(reverse("awards:application_detail", args=[app.pk])).content.decode()
    client.post(reverse("awards:application_retract", args=[app.pk]), {"reason": "材料需要完善"})
    app.refresh_from_db()
    assert app.state == Application.State.RETRACTED


def _return(app, message="请补充职称证书复印件。"):
    office = user_with_role("office")
    application_transition(application=app, action="return_for_supplement", user=office, reason=message)


def test_a_returned_application_shows_the_request_on_top_and_can_be_resubmitted(client):
    app = complete_application(campaign=open_campaign())
    submit(login(client, app), app)
    _return(app)
    detail = client.get(reverse("awards:application_detail", args=[app.pk])).content.decode()
    assert "需补正：请补充职称证书复印件。" in detail
    edit_html = client.get(reverse("awards:application_edit", args=[app.pk])).content.decode()
    assert edit_html.index("组委会办公室要求补正") < edit_html.index('id="application-form"')
    submit(client, app)
    app.refresh_from_db()
    assert app.state == Application.State.SUBMITTED
    assert not app.supplement_requests.filter(answered_at__isnull=True).exists()


def test_the_applicant_sees_only_their_own_applications(client):
    mine = ApplicationFactory(campaign=open_campaign())
    theirs = ApplicationFactory(campaign=mine.campaign, name="别人的申报")
    html = login(client, mine).get(reverse("awards:my_applications")).content.decode()
    assert reverse("awards:application_detail", args=[mine.pk]) in html
    assert reverse("awards:application_detail", args=[theirs.pk]) not in html


def test_my_applications_offers_open_campaigns_only(client):
    open_one = open_campaign()
    closed = CampaignFactory(closes_at=timezone.now() - datetime.timedelta(days=1))
    client.force_login(user_with_role("applicant"))
    html = client.get(reverse("awards:my_applications")).content.decode()
    assert reverse("awards:application_start", args=[open_one.pk]) in html
    assert reverse("awards:application_start", args=[closed.pk]) not in html


def test_a_form_over_the_page_limit_is_refused_with_its_page_count_and_nothing_is_lost(client, settings):
    # 填报说明 3: 申报表页数不超过 20 页 — the limit comes from settings; 4 pages here keep the test quick
    settings.APPLICATION_FORM_MAX_PAGES = 4
    long_text = "\n".join(["智慧城市物联感知平台建设与运维。" * 6] * 40)
    app = complete_application(campaign=open_campaign(), section_basic=long_text)
    response = submit(login(client, app), app)
    app.refresh_from_db()
    assert response.status_code == 422
    page = response.content.decode()
    assert "申报表打印后不超过 4 页，当前为" in page
    assert app.state == Application.State.DRAFT and app.section_basic == long_text


def test_a_short_form_is_submitted_without_rendering_its_pdf(client, settings):
    settings.APPLICATION_FORM_MAX_PAGES = 20
    app = complete_application(campaign=open_campaign())
    from awards.documents.pdf import _estimated_pages

    assert _estimated_pages(app) <= 20  # the estimate rules it out: no PDF rendering at submission
    submit(login(client, app), app)
    app.refresh_from_db()
    assert app.state == Application.State.SUBMITTED
