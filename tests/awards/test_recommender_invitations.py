"""单位推荐 of an existing account (issue 10, defect 1): an invitation its owner accepts or declines; staff accounts
cannot accept (the unit is not told which emails they are); a unit's access ends the moment it is no longer the recommender or employer."""

import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Application, RecommendationInvitation
from notices.models import Notification
from tests.awards.applicant_support import form_data, open_campaign
from tests.factories import ApplicationFactory, OrganizationFactory, add_rows_and_files, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    org = OrganizationFactory(name="上海城市数据有限公司")
    staff = user_with_role("recommender")
    org.staff.add(staff)
    return org, staff


def invite(client, staff, org, campaign, email, name="赵工", capture=None):
    client.force_login(staff)
    if capture is None:
        return client.post(
            reverse("awards:recommender_start"),
            {"campaign": campaign.pk, "organization": org.pk, "name": name, "email": email},
        )
    with capture(execute=True):
        return client.post(
            reverse("awards:recommender_start"),
            {"campaign": campaign.pk, "organization": org.pk, "name": name, "email": email},
        )


def test_inviting_an_existing_applicant_attaches_nothing_until_they_accept(
    client, unit, django_capture_on_commit_callbacks
):
    org, staff = unit
    campaign = open_campaign()
    person = user_with_role("applicant", email="li@example.cn")
    invite(client, staff, org, campaign, "LI@example.cn", capture=django_capture_on_commit_callbacks)
    assert not Application.objects.filter(applicant=person).exists()
    invitation = RecommendationInvitation.objects.get(user=person)
    assert invitation.status == RecommendationInvitation.Status.PENDING
    link = reverse("awards:invitation", args=[invitation.pk])
    assert link in mail.outbox[-1].body and mail.outbox[-1].to == ["li@example.cn"]
    assert Notification.objects.get(user=person).link.endswith(link)
    home = client.get(reverse("awards:recommender_home")).content.decode()
    assert "待申报人确认" in home and "暂无本单位的申报。" in home


def test_the_applicant_sees_the_invitation_on_me_and_accepting_creates_the_unit_draft(client, unit):
    org, staff = unit
    campaign = open_campaign()
    person = user_with_role("applicant", email="li@example.cn")
    invite(client, staff, org, campaign, "li@example.cn")
    invitation = RecommendationInvitation.objects.get(user=person)
    client.force_login(person)
    with CaptureQueriesContext(connection) as read:
        me = client.get(reverse("awards:my_applications")).content.decode()
    assert reverse("awards:invitation", args=[invitation.pk]) in me
    # who invites, to which campaign, when — read with the invitation, in its one query
    assert "上海城市数据有限公司 邀请您参加“" + campaign.title + "”" in me
    assert invitation.created_at.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M") in me
    assert sum('FROM "awards_recommendationinvitation"' in q["sql"] for q in read.captured_queries) == 1
    assert not any('FROM "awards_organization"' in q["sql"] for q in read.captured_queries)
    response = client.post(reverse("awards:invitation_accept", args=[invitation.pk]))
    app = Application.objects.get(applicant=person, campaign=campaign)
    assert response.url == reverse("awards:application_edit", args=[app.pk])
    assert app.recommender == org and app.route == "unit" and app.recommender_confirmed_at is not None
    invitation.refresh_from_db()
    assert invitation.status == RecommendationInvitation.Status.ACCEPTED and invitation.application == app
    client.force_login(staff)
    assert client.get(reverse("awards:application_detail", args=[app.pk])).status_code == 200


def test_accepting_names_the_unit_on_the_existing_draft_which_the_unit_could_not_read_before(client, unit):
    org, staff = unit
    campaign = open_campaign()
    draft = ApplicationFactory(campaign=campaign, employer=None)
    invite(client, staff, org, campaign, draft.applicant.email)
    assert client.get(reverse("awards:application_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("awards:application_pdf", args=[draft.pk])).status_code == 404
    invitation = RecommendationInvitation.objects.get(user=draft.applicant)
    client.force_login(draft.applicant)
    client.post(reverse("awards:invitation_accept", args=[invitation.pk]))
    draft.refresh_from_db()
    assert draft.recommender == org and Application.objects.filter(applicant=draft.applicant).count() == 1
    assert draft.section_basic == "近三年负责城市物联感知平台的建设与运维。"  # nothing typed is lost


def test_declining_leaves_the_account_untouched_and_tells_the_unit(client, unit):
    org, staff = unit
    campaign = open_campaign()
    person = user_with_role("applicant", email="li@example.cn")
    invite(client, staff, org, campaign, "li@example.cn")
    invitation = RecommendationInvitation.objects.get(user=person)
    client.force_login(person)
    client.post(reverse("awards:invitation_decline", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == RecommendationInvitation.Status.DECLINED
    assert not Application.objects.filter(applicant=person).exists()
    assert Notification.objects.filter(user=staff, subject__contains="谢绝了推荐").exists()
    response = client.post(reverse("awards:invitation_accept", args=[invitation.pk]))
    assert not Application.objects.filter(applicant=person).exists()
    assert "该推荐邀请已答复（已谢绝），无需再次答复。" in client.get(response.url).content.decode()


def test_nobody_else_can_open_or_answer_the_invitation(client, unit):
    org, staff = unit
    campaign = open_campaign()
    person = user_with_role("applicant", email="li@example.cn")
    invite(client, staff, org, campaign, "li@example.cn")
    invitation = RecommendationInvitation.objects.get(user=person)
    for intruder in (staff, user_with_role("applicant")):
        client.force_login(intruder)
        assert client.get(reverse("awards:invitation", args=[invitation.pk])).status_code == 404
        for answer in ("awards:invitation_accept", "awards:invitation_decline"):
            assert client.post(reverse(answer, args=[invitation.pk])).status_code == 404
    assert not Application.objects.filter(campaign=campaign).exists()


@pytest.mark.parametrize("role", ["office", "expert", "committee"])
def test_a_staff_email_is_answered_like_any_account_and_its_owner_cannot_accept(
    client, unit, role, django_capture_on_commit_callbacks
):
    """Issue 21 (low): the unit's answer must not tell which emails are staff accounts. It is the answer any
    existing account gets; the staff member's mail says why they cannot accept, and accepting is refused."""
    org, staff = unit
    campaign = open_campaign()
    target = user_with_role(role, email=f"{role}@example.cn")
    ordinary = user_with_role("applicant", email="li@example.cn")
    answers = []
    for email in (f"{role}@example.cn", "li@example.cn"):
        response = invite(client, staff, org, campaign, email, capture=django_capture_on_commit_callbacks)
        page = client.get(response.url).content.decode()
        answers.append(
            re.search(r'<ul class="messages".*?</ul>', page, re.S).group(0).replace(email, "EMAIL")
        )
    assert answers[0] == answers[1]
    assert "评选工作人员" not in answers[0] and "已向 赵工（EMAIL）发出推荐邀请" in answers[0]
    invitation = RecommendationInvitation.objects.get(user=target)
    assert invitation.status == RecommendationInvitation.Status.PENDING
    assert RecommendationInvitation.objects.filter(user=ordinary).exists()
    to_target = [m for m in mail.outbox if m.to == [f"{role}@example.cn"]]
    assert len(to_target) == 1 and "评选工作人员账号" in to_target[0].body
    client.force_login(target)
    response = client.post(reverse("awards:invitation_accept", args=[invitation.pk]))
    assert "评选工作人员账号不能作为申报人。" in client.get(response.url).content.decode()
    assert not target.groups.filter(name="applicant").exists()
    assert not Application.objects.exists()


def test_a_new_email_gets_an_account_a_password_link_and_the_invitation(
    client, unit, django_capture_on_commit_callbacks
):
    org, staff = unit
    campaign = open_campaign()
    invite(client, staff, org, campaign, "zhao@example.cn", capture=django_capture_on_commit_callbacks)
    invitation = RecommendationInvitation.objects.get(email="zhao@example.cn")
    assert invitation.user.groups.filter(name="applicant").exists()
    assert not invitation.user.has_usable_password()
    body = mail.outbox[-1].body
    assert "/accounts/reset/" in body and reverse("awards:invitation", args=[invitation.pk]) in body
    assert not Application.objects.exists()


def _unit_started_application(client, unit, campaign):
    org, staff = unit
    person = user_with_role("applicant", email="li@example.cn")
    invite(client, staff, org, campaign, "li@example.cn")
    client.force_login(person)
    client.post(
        reverse("awards:invitation_accept", args=[RecommendationInvitation.objects.get(user=person).pk])
    )
    app = Application.objects.get(applicant=person)
    Application.objects.filter(pk=app.pk).update(resident_id="", phone="13812345678")
    add_rows_and_files(app)
    app.refresh_from_db()
    return app


def test_the_unit_loses_every_access_once_the_applicant_switches_to_self_recommendation(client, unit):
    org, staff = unit
    app = _unit_started_application(client, unit, open_campaign())
    assert app.employer == org
    urls = [
        reverse(name, args=[app.pk])
        for name in (
            "awards:application_detail",
            "awards:application_pdf",
            "awards:application_docx",
            "awards:application_photo",
        )
    ]
    client.force_login(staff)
    assert [client.get(u).status_code for u in urls] == [200, 200, 200, 200]
    client.force_login(app.applicant)
    client.post(
        reverse("awards:application_edit", args=[app.pk]), form_data(app, route="self", recommender="")
    )
    app.refresh_from_db()
    assert app.recommender is None and app.employer is None
    client.force_login(staff)
    assert [client.get(u).status_code for u in urls] == [404, 404, 404, 404]
    assert (
        f'data-application="{app.pk}"' not in client.get(reverse("awards:recommender_home")).content.decode()
    )


def test_the_unit_loses_access_when_the_applicant_names_another_unit(client, unit):
    org, staff = unit
    app = _unit_started_application(client, unit, open_campaign())
    other = OrganizationFactory()
    client.force_login(app.applicant)
    client.post(
        reverse("awards:application_edit", args=[app.pk]), form_data(app, route="unit", recommender=other.pk)
    )
    client.force_login(staff)
    assert client.get(reverse("awards:application_detail", args=[app.pk])).status_code == 404
