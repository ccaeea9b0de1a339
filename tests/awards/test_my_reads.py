"""/me/'s three reads are SQL (awards/selectors/applications.py, docs/decisions.md 436): each gives what the queryset
it replaces gives — the same rows in the same order, the same values — on both databases, so a renamed column or a
changed rule of the page fails here."""

import datetime

import pytest
from django.utils import timezone

from awards.models import Application, Campaign, RecommendationInvitation
from awards.selectors import applications as selectors
from notices.models import Notification
from tests.factories import (
    ApplicationFactory,
    CampaignFactory,
    OrganizationFactory,
    UserFactory,
    award_type,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def test_my_applications_are_the_applicants_own_newest_year_first_with_their_campaign_title():
    mine = ApplicationFactory(campaign=CampaignFactory(year=2024, title="二〇二四年度评选"))
    user = mine.applicant
    for year, honor in ((2026, "craftsman"), (2025, "craftsman"), (2026, "pioneer")):
        campaign = CampaignFactory(
            year=year, award_type=award_type(honor), title=f"{year}年度评选（{honor}）"
        )
        ApplicationFactory(applicant=user, campaign=campaign)
    Application.objects.filter(pk=mine.pk).update(state=Application.State.SHORTLISTED)
    ApplicationFactory(campaign=CampaignFactory(year=2027))  # another applicant's

    read = selectors.applications_of_applicant(user)

    expected = list(Application.objects.filter(applicant=user).order_by("-campaign__year", "-id"))
    assert [a.pk for a in read] == [a.pk for a in expected] and len(read) == 4
    assert [a.campaign_title for a in read] == [a.campaign.title for a in expected]
    assert [(a.state, a.campaign_id) for a in read] == [(a.state, a.campaign_id) for a in expected]
    assert read[-1].get_state_display() == Application.State.SHORTLISTED.label


def test_my_notifications_are_the_twenty_newest_of_the_account():
    user, other = UserFactory(), UserFactory()
    start = timezone.now() - datetime.timedelta(days=30)
    for n in range(25):
        note = Notification.objects.create(user=user, subject=f"通知{n}", body=f"正文{n}", link="/me/")
        Notification.objects.filter(pk=note.pk).update(
            created_at=start + datetime.timedelta(hours=(n * 7) % 25), read_at=start if n % 3 else None
        )
    Notification.objects.create(user=other, subject="别人的通知", body="不应出现")

    read = selectors.notifications_of(user)

    expected = list(Notification.objects.filter(user=user).order_by("-created_at")[:20])
    assert [n.pk for n in read] == [n.pk for n in expected] and len(read) == 20
    fields = ("subject", "body", "link", "kind", "created_at", "read_at")
    assert [[getattr(n, f) for f in fields] for n in read] == [
        [getattr(n, f) for f in fields] for n in expected
    ]
    assert read[0].created_at.tzinfo is not None  # an aware time, as the ORM gives it on both databases
    assert len(selectors.notifications_of(user, limit=3)) == 3


def test_my_pending_invitations_name_their_unit_and_campaign_newest_first():
    user, other = user_with_role("applicant"), user_with_role("applicant")
    campaign = CampaignFactory(phase=Campaign.Phase.OPEN, title="二〇二六年度评选")
    made = []
    for n, status in enumerate(["pending", "accepted", "pending", "declined", "pending"]):
        unit = OrganizationFactory(name=f"推荐单位{n}")
        invitation = RecommendationInvitation.objects.create(
            campaign=campaign,
            organization=unit,
            invited_by=user_with_role("recommender"),
            user=user,
            name=user.username,
            email=user.email,
            status=status,
        )
        made.append(invitation)
    RecommendationInvitation.objects.create(
        campaign=campaign,
        organization=made[0].organization,
        invited_by=made[0].invited_by,
        user=other,
        name=other.username,
        email=other.email,
    )

    read = selectors.pending_invitations_of(user)

    expected = list(
        RecommendationInvitation.objects.filter(user=user, status=RecommendationInvitation.Status.PENDING)
        .select_related("campaign", "organization")
        .order_by("-created_at")
    )
    assert [i.pk for i in read] == [i.pk for i in expected] and len(read) == 3
    assert [(i.organization_name, i.campaign_title, i.created_at) for i in read] == [
        (i.organization.name, i.campaign.title, i.created_at) for i in expected
    ]
