"""Recommenders (第十五条; 领军先锋 附件1 二): confirming, the unit opinion, starting an application."""

import pytest
from django.core import mail
from django.urls import reverse

from awards.models import Application
from tests.awards.applicant_support import open_campaign
from tests.factories import ApplicationFactory, OrganizationFactory, complete_application, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    org = OrganizationFactory(name="上海城市数据有限公司")
    staff = user_with_role("recommender")
    org.staff.add(staff)
    return org, staff


def test_unit_route_waits_for_the_recommenders_confirmation(client, unit):
    org, staff = unit
    app = complete_application(campaign=open_campaign(), route="unit", recommender=org, employer=org)
    client.force_login(app.applicant)
    html = client.post(reverse("awards:application_review", args=[app.pk])).content.decode()
    assert "第十五条：推荐机构“上海城市数据有限公司”尚未确认推荐。" in html
    client.force_login(staff)
    client.post(reverse("awards:recommender_confirm", args=[app.pk]))
    app.refresh_from_db()
    assert app.recommender_confirmed_at is not None
    client.force_login(app.applicant)
    client.post(reverse("awards:application_review", args=[app.pk]))
    app.refresh_from_db()
    assert app.state == Application.State.SUBMITTED


def test_another_units_account_cannot_confirm(client, unit):
    org, _staff = unit
    app = ApplicationFactory(campaign=open_campaign(), route="unit", recommender=org)
    stranger = user_with_role("recommender")
    OrganizationFactory().staff.add(stranger)
    client.force_login(stranger)
    assert client.post(reverse("awards:recommender_confirm", args=[app.pk])).status_code == 404
    app.refresh_from_db()
    assert app.recommender_confirmed_at is None


def test_pioneer_cannot_be_submitted_until_the_unit_gives_its_opinion(client, unit):
    org, staff = unit
    app = complete_application(campaign=open_campaign("pioneer"), employer=org)
    Application.objects.filter(pk=app.pk).update(
        unit_opinion="", unit_responsible="", unit_contact="", unit_opinion_date=None
    )
    client.force_login(app.applicant)
    html = client.post(reverse("awards:application_review", args=[app.pk])).content.decode()
    assert "领军先锋申报表二：所在单位“上海城市数据有限公司”尚未填写推荐意见，不能提交。" in html
    client.force_login(staff)
    response = client.post(
        reverse("awards:unit_opinion", args=[app.pk]),
        {
            "unit_contact": "李老师 021-64001234 hr@example.cn",
            "unit_opinion": "该同志带领团队完成城市大脑建设，申报材料真实。",
            "unit_responsible": "王总",
            "unit_opinion_date": "2026-03-01",
        },
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.unit_opinion_by == staff
    client.force_login(app.applicant)
    client.post(reverse("awards:application_review", args=[app.pk]))
    app.refresh_from_db()
    assert app.state == Application.State.SUBMITTED


def test_the_unit_opinion_form_requires_every_part(client, unit):
    org, staff = unit
    app = ApplicationFactory(campaign=open_campaign("pioneer"), employer=org)
    client.force_login(staff)
    html = client.post(
        reverse("awards:unit_opinion", args=[app.pk]), {"unit_opinion": "同意推荐"}
    ).content.decode()
    assert html.count("这个字段是必填项。") == 6  # three fields: in the summary and next to the field
    app.refresh_from_db()
    assert app.unit_opinion_by is None


def test_the_applicant_cannot_open_the_unit_opinion_page(client, unit):
    org, _staff = unit
    app = ApplicationFactory(campaign=open_campaign("pioneer"), employer=org)
    client.force_login(app.applicant)
    assert client.get(reverse("awards:unit_opinion", args=[app.pk])).status_code == 403


def test_a_unit_starts_an_application_for_its_person_who_gets_an_account(
    client, unit, django_capture_on_commit_callbacks
):
    from awards.models import RecommendationInvitation

    org, staff = unit
    campaign = open_campaign()
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("awards:recommender_start"),
            {"campaign": campaign.pk, "organization": org.pk, "name": "赵工", "email": "zhao@example.cn"},
        )
    invitation = RecommendationInvitation.objects.get(campaign=campaign, name="赵工")
    person = invitation.user
    assert person.email == "zhao@example.cn" and person.groups.filter(name="applicant").exists()
    assert "/accounts/reset/" in mail.outbox[-1].body
    client.force_login(person)
    client.post(reverse("awards:invitation_accept", args=[invitation.pk]))
    app = Application.objects.get(campaign=campaign, name="赵工")
    assert app.recommender == org and app.route == "unit" and app.recommender_confirmed_at is not None
    client.force_login(staff)
    assert (
        reverse("awards:application_detail", args=[app.pk])
        in client.get(reverse("awards:recommender_home")).content.decode()
    )


def test_the_recommender_page_is_only_for_recommenders(client):
    client.force_login(user_with_role("applicant"))
    assert client.get(reverse("awards:recommender_home")).status_code == 403


def test_naming_a_recommender_tells_its_accounts(client, unit, django_capture_on_commit_callbacks):
    from notices.models import Notification
    from tests.awards.applicant_support import form_data

    org, staff = unit
    app = ApplicationFactory(campaign=open_campaign())
    client.force_login(app.applicant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("awards:application_edit", args=[app.pk]),
            form_data(app, route="unit", recommender=org.pk),
        )
    note = Notification.objects.get(user=staff)
    assert note.subject == f"{app.name} 申请由贵单位推荐参加“{app.campaign.title}”"
    assert mail.outbox[-1].to == [staff.email]


def test_the_recommender_sees_notifications_on_its_page(client, unit):
    from notices.models import Notification

    _org, staff = unit
    Notification.objects.create(user=staff, subject="张三 申请由贵单位推荐", body="请确认")
    client.force_login(staff)
    assert "张三 申请由贵单位推荐" in client.get(reverse("awards:recommender_home")).content.decode()


def test_the_units_work_comes_first_and_read_notices_are_folded(client, unit):
    """The unit's applications and the invitation form come before its notices; read ones sit in a fold."""
    from django.utils import timezone

    from notices.models import Notification

    _org, staff = unit
    Notification.objects.create(user=staff, subject="未读的通知", body="请确认")
    Notification.objects.create(user=staff, subject="已读的通知", body="旧事", read_at=timezone.now())
    client.force_login(staff)
    page = client.get(reverse("awards:recommender_home")).content.decode()
    assert page.index('id="h-queue"') < page.index('id="notifications"')
    folded = page[page.index("<details>", page.index('id="notifications"')) :]
    assert "已读的通知" in folded and "未读的通知" not in folded
