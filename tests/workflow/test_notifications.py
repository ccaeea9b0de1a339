"""Notifications: an in-page row and an email to the people a transition concerns, in Chinese."""

import pytest
from django.core import mail

from awards.models import Application, Campaign
from notices.models import Notification
from tests.factories import OrganizationFactory, user_with_role
from tests.workflow.builders import application_in, assign, campaign_in, panel_with_experts
from tests.workflow.office.builders import checked
from workflow.errors import TransitionRefused
from workflow.services.transitions import application_transition, campaign_transition

pytestmark = pytest.mark.django_db
S = Application.State
P = Campaign.Phase


def test_submitting_notifies_the_applicant_by_page_and_email(django_capture_on_commit_callbacks):
    app = application_in(campaign_in(P.OPEN))
    with django_capture_on_commit_callbacks(execute=True):
        application_transition(application=app, action="submit", user=app.applicant)
    note = Notification.objects.get(user=app.applicant)
    assert note.kind == "submitted" and "申报已提交" in note.subject and app.campaign.title in note.subject
    assert mail.outbox[0].to == [app.applicant.email] and "资格审查" in mail.outbox[0].body


def test_a_unit_recommendation_also_notifies_the_units_staff(django_capture_on_commit_callbacks):
    from django.utils import timezone

    unit = OrganizationFactory()
    staff = user_with_role("recommender")
    unit.staff.add(staff)
    app = application_in(
        campaign_in(P.OPEN),
        route=Application.Route.UNIT,
        recommender=unit,
        employer=unit,
        recommender_confirmed_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        application_transition(application=app, action="submit", user=staff)
    assert Notification.objects.filter(user=staff, kind="submitted").exists()


def test_nothing_is_sent_when_the_transition_is_refused(django_capture_on_commit_callbacks):
    app = application_in(campaign_in(P.ELIGIBILITY), S.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionRefused):
        application_transition(application=app, action="declare_eligible", user=user_with_role("office"))
    assert not Notification.objects.exists() and mail.outbox == []


def test_the_eligibility_result_names_the_assigned_number(office, django_capture_on_commit_callbacks):
    app = application_in(campaign_in(P.ELIGIBILITY), S.SUBMITTED)
    checked(app)
    with django_capture_on_commit_callbacks(execute=True):
        application_transition(application=app, action="declare_eligible", user=office)
    app.refresh_from_db()
    assert app.number in Notification.objects.get(user=app.applicant).body


def test_candidates_hear_the_shortlist_once_after_the_panels_confirm_and_the_schedule_once_when_sent(
    office, django_capture_on_commit_callbacks
):
    """Issue 23.5 (第十七条): the office's prepared shortlist mails no one; the candidates hear 入围 / 材料评议结果
    once, when the chairs' confirmed list closes material review; the schedule is one mail, when the office
    sends it (not also at the start of the on-site stage)."""
    import datetime

    from scoring.services.shortlist import shortlist_confirm
    from tests.workflow.builders import submit_sheets
    from workflow.services.stages import schedule_send, shortlist_apply

    campaign = campaign_in(P.MATERIAL_REVIEW, shortlist_size=5)
    panel = panel_with_experts(campaign, 1)
    yes = application_in(campaign, S.ELIGIBLE)
    no = application_in(campaign, S.ELIGIBLE)
    assign(panel, yes, no)
    for app in (yes, no):
        submit_sheets(panel, app, "material")
    with django_capture_on_commit_callbacks(execute=True):
        shortlist_apply(campaign=campaign, user=office, selected_ids=[yes.pk])
    assert not Notification.objects.filter(user__in=[yes.applicant, no.applicant]).exists()
    with django_capture_on_commit_callbacks(execute=True):
        shortlist_confirm(panel=panel, user=panel.members.get(is_chair=True).expert, shortlisted_ids=[yes.pk])
    assert not Notification.objects.filter(user__in=[yes.applicant, no.applicant]).exists()
    with django_capture_on_commit_callbacks(execute=True):
        campaign_transition(campaign=campaign, action="start_onsite", user=office)
    kinds = lambda app: list(Notification.objects.filter(user=app.applicant).values_list("kind", flat=True))  # noqa: E731
    assert kinds(yes) == ["shortlisted"] and kinds(no) == ["not_shortlisted"]
    yes.panel_assignment.onsite_date = datetime.date(2030, 6, 3)
    yes.panel_assignment.onsite_room = "市信息中心 301 会议室"
    yes.panel_assignment.save()
    with django_capture_on_commit_callbacks(execute=True):
        schedule_send(campaign=campaign, user=office)
    schedule = Notification.objects.filter(user=yes.applicant).exclude(kind="shortlisted")
    assert schedule.count() == 1 and "2030-06-03" in schedule.get().body


def test_experts_are_mailed_when_material_review_opens(office, django_capture_on_commit_callbacks):
    """Issue 23.5: experts got no mail when scoring opened."""
    campaign = campaign_in(P.ELIGIBILITY)
    panel = panel_with_experts(campaign, 3)
    app = application_in(campaign, S.ELIGIBLE)
    assign(panel, app)
    with django_capture_on_commit_callbacks(execute=True):
        campaign_transition(campaign=campaign, action="start_material_review", user=office)
    experts = [m.expert for m in panel.members.all()]
    assert len(experts) == 3
    for expert in experts:
        notice = Notification.objects.get(user=expert, kind="scoring_open")
        assert "材料评议开始" in notice.subject and "评分工作台" in notice.body
