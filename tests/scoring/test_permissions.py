"""Object permissions of the panels (scoring/permissions.py, docs/architecture.md §6): a panel assignment grants each
member `awards.view_application` on exactly the panel's applications; the grant goes on a conflict, on removal of
the member or of the assignment, and when the panel dissolves (第十条); the chair holds the panel's results."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.http import Http404
from django.urls import reverse
from guardian.shortcuts import assign_perm
from guardian.utils import get_user_obj_perms_model

from awards.models import Campaign
from scoring.models import ConflictOfInterest, Panel, PanelAssignment, PanelMember
from scoring.permissions import (
    VIEW_APPLICATION,
    VIEW_PANEL_RESULTS,
    assignment_or_404,
    holds_chair,
    is_chair,
    panel_conflicts_revoke,
)
from tests.factories import complete_application
from tests.scoring.builders import expert, scoring_world

pytestmark = pytest.mark.django_db
P = Campaign.Phase


def test_an_assignment_grants_each_member_exactly_the_panels_applications():
    w = scoring_world(apps=2)
    other = scoring_world(apps=1)
    for member in w.experts:
        assert all(member.has_perm(VIEW_APPLICATION, app) for app in w.apps)
        assert not member.has_perm(VIEW_APPLICATION, other.apps[0])
    outsider = expert("旁人")
    assert not any(outsider.has_perm(VIEW_APPLICATION, app) for app in w.apps)


def test_a_member_added_later_is_granted_the_panels_applications():
    w = scoring_world(apps=2)
    late = expert("后加入")
    PanelMember.objects.create(panel=w.panel, expert=late)
    assert all(late.has_perm(VIEW_APPLICATION, app) for app in w.apps)


def test_a_declared_conflict_revokes_the_grant_and_the_page_answers_404(client):
    w = scoring_world(apps=1)
    member, app = w.experts[1], w.apps[0]
    client.force_login(member)
    url = reverse("scoring:conflict_declare", args=[app.pk])
    client.post(url, {"reason": "申报人是我的学生"})
    assert ConflictOfInterest.objects.filter(expert=member, application=app).exists()
    assert not member.has_perm(VIEW_APPLICATION, app)
    assert client.get(reverse("scoring:application_read", args=[app.pk])).status_code == 404


def test_a_conflict_recorded_by_anyone_revokes_and_its_removal_restores_the_grant():
    w = scoring_world(apps=1)
    member, app = w.experts[2], w.apps[0]
    conflict = ConflictOfInterest.objects.create(
        expert=member, application=app, source=ConflictOfInterest.Source.OFFICE, reason="亲属"
    )
    assert not member.has_perm(VIEW_APPLICATION, app)
    conflict.delete()
    assert member.has_perm(VIEW_APPLICATION, app)


def test_a_conflict_inserted_in_bulk_is_revoked_when_the_panel_change_commits(
    django_capture_on_commit_callbacks,
):
    """conflicts_detect (workflow) inserts its rows with bulk_create, which sends no signal: the revocation runs
    when the panel change that led to it commits."""
    w = scoring_world(apps=1)
    app = w.apps[0]
    with django_capture_on_commit_callbacks(execute=True):
        late = expert("利害关系人")
        PanelMember.objects.create(panel=w.panel, expert=late)
        ConflictOfInterest.objects.bulk_create(
            [ConflictOfInterest(expert=late, application=app, source="auto", reason="同一单位")]
        )
        assert late.has_perm(VIEW_APPLICATION, app)  # not yet: the bulk insert sent no signal
    assert not late.has_perm(VIEW_APPLICATION, app)
    panel_conflicts_revoke(w.panel.pk)  # idempotent
    assert w.experts[0].has_perm(VIEW_APPLICATION, app)


def test_removing_a_member_revokes_their_grants_and_the_chairs_results():
    w = scoring_world(apps=2)
    chair, member = w.experts[0], w.experts[1]
    PanelMember.objects.get(panel=w.panel, expert=member).delete()
    assert not any(member.has_perm(VIEW_APPLICATION, app) for app in w.apps)
    assert all(chair.has_perm(VIEW_APPLICATION, app) for app in w.apps)
    PanelMember.objects.get(panel=w.panel, expert=chair).delete()
    assert not chair.has_perm(VIEW_PANEL_RESULTS, w.panel)


def test_removing_or_moving_an_assignment_revokes_the_old_panels_grants():
    w = scoring_world(apps=2)
    kept, moved = w.apps
    other = Panel.objects.create(campaign=w.campaign, name="第二评议组")
    newcomer = expert("二组专家")
    PanelMember.objects.create(panel=other, expert=newcomer)
    assignment = PanelAssignment.objects.get(application=moved)
    assignment.panel = other
    assignment.save()
    assert not any(m.has_perm(VIEW_APPLICATION, moved) for m in w.experts)
    assert newcomer.has_perm(VIEW_APPLICATION, moved)
    PanelAssignment.objects.get(application=kept).delete()
    assert not any(m.has_perm(VIEW_APPLICATION, kept) for m in w.experts)


def test_the_panel_dissolves_after_the_composite_phase_and_every_grant_goes():
    w = scoring_world(phase=P.COMPOSITE, apps=2)
    chair = w.experts[0]
    assert is_chair(chair, w.panel)
    w.campaign.phase = P.PUBLICITY
    w.campaign.save(update_fields=["phase"])
    assert not any(m.has_perm(VIEW_APPLICATION, app) for m in w.experts for app in w.apps)
    assert not holds_chair(chair, w.panel)
    # a relation written after the dissolution grants nothing
    PanelMember.objects.create(panel=w.panel, expert=expert("迟到"))
    app = complete_application(campaign=w.campaign)
    PanelAssignment.objects.create(panel=w.panel, application=app)
    assert not any(m.has_perm(VIEW_APPLICATION, app) for m in w.panel.experts.all())


def test_the_chair_holds_the_panels_results_and_a_new_chair_takes_them_over(client):
    w = scoring_world(apps=1)
    chair, member = w.experts[0], w.experts[1]
    assert chair.has_perm(VIEW_PANEL_RESULTS, w.panel)
    assert not member.has_perm(VIEW_PANEL_RESULTS, w.panel)
    client.force_login(member)
    url = reverse("scoring:panel_results", args=[w.panel.pk, "material"])
    assert client.get(url).status_code == 404
    # as the office's service does it: the old chair set aside by a queryset update, then the new one saved
    w.panel.members.filter(is_chair=True).update(is_chair=False)
    new = PanelMember.objects.get(panel=w.panel, expert=member)
    new.is_chair = True
    new.save(update_fields=["is_chair"])
    assert member.has_perm(VIEW_PANEL_RESULTS, w.panel)
    assert not chair.has_perm(VIEW_PANEL_RESULTS, w.panel)
    assert client.get(url).status_code == 200


def test_the_grant_alone_opens_no_page_outside_the_panel():
    """A grant of `view_application` from elsewhere (e.g. a unit's right) does not make its holder the panel's
    expert: the expert pages ask the relation and the phase too."""
    w = scoring_world(apps=1)
    stranger = expert("外组专家")
    assign_perm(VIEW_APPLICATION, stranger, w.apps[0])
    with pytest.raises(Http404):
        assignment_or_404(stranger, w.apps[0].pk)


def test_the_data_migration_backfills_the_grants_of_existing_panels():
    w = scoring_world(apps=2)
    done = scoring_world(phase=P.ARCHIVED, apps=1)
    get_user_obj_perms_model().objects.all().delete()
    importlib.import_module("scoring.migrations.0009_panel_grants").backfill(django_apps, None)
    assert all(m.has_perm(VIEW_APPLICATION, app) for m in w.experts for app in w.apps)
    assert w.experts[0].has_perm(VIEW_PANEL_RESULTS, w.panel)
    assert not w.experts[1].has_perm(VIEW_PANEL_RESULTS, w.panel)
    assert not any(m.has_perm(VIEW_APPLICATION, done.apps[0]) for m in done.experts)
