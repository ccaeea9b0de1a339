"""Notifications: an in-page row and an email to the people a transition concerns, in Chinese."""

import pytest
from django.core import mail

from awards.models import Application, Campaign
from tests.factories import OrganizationFactory, user_with_role
from tests.office.builders import checked
from tests.workflow.builders import application_in, assign, campaign_in, panel_with_experts
from workflow.errors import TransitionRefused
from workflow.models import Notification
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


def test_finalists_are_sent_their_onsite_schedule(office, django_capture_on_commit_callbacks):
    import datetime

    campaign = campaign_in(P.MATERIAL_REVIEW)
    panel = panel_with_experts(campaign, 1)
    app = application_in(campaign, S.SHORTLISTED)
    assign(panel, app)
    app.panel_assignment.onsite_date = datetime.date(2030, 6, 3)
    app.panel_assignment.onsite_room = "市信息中心 301 会议室"
    app.panel_assignment.save()
    from tests.workflow.builders import submit_sheets

    submit_sheets(panel, app, "material")
    from scoring.services.shortlist import shortlist_confirm

    shortlist_confirm(panel=panel, user=panel.members.get(is_chair=True).expert, shortlisted_ids=[app.pk])
    with django_capture_on_commit_callbacks(execute=True):
        campaign_transition(campaign=campaign, action="start_onsite", user=office)
    body = Notification.objects.get(user=app.applicant, kind="onsite_schedule").body
    assert "2030-06-03" in body and "301 会议室" in body
