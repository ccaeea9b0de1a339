"""The panels' access (scoring/permissions.py, docs/architecture.md §6, decisions 374) follows the panel relations
themselves, read at each request: a member reviews exactly the panel's applications; access goes on a conflict
(declared, recorded, or inserted in bulk by detection), on removal of the member or of the assignment, and when
the panel dissolves (第十条); the chair (the member marked 组长) holds the panel's results. No object permission
repeats the relation, and none opens a page on its own."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.http import Http404
from django.urls import reverse
from guardian.shortcuts import assign_perm
from guardian.utils import get_user_obj_perms_model

from awards.models import Campaign
from awards.permissions import may_view_application
from scoring.models import ConflictOfInterest, Panel, PanelAssignment, PanelMember
from scoring.permissions import assignment_or_404, is_chair, may_review
from scoring.services.results import panel_opinion_save
from tests.factories import complete_application
from tests.scoring.builders import expert, scoring_world

pytestmark = pytest.mark.django_db
P = Campaign.Phase


def test_a_member_reviews_exactly_the_panels_applications():
    w = scoring_world(apps=2)
    other = scoring_world(apps=1)
    for member in w.experts:
        assert all(may_review(member, app) for app in w.apps)
        assert not may_review(member, other.apps[0])
    outsider = expert("旁人")
    assert not any(may_review(outsider, app) for app in w.apps)


def test_a_member_added_later_reviews_the_panels_applications():
    w = scoring_world(apps=2)
    late = expert("后加入")
    PanelMember.objects.create(panel=w.panel, expert=late)
    assert all(may_review(late, app) for app in w.apps)


def test_a_declared_conflict_ends_the_review_and_the_page_answers_404(client):
    w = scoring_world(apps=1)
    member, app = w.experts[1], w.apps[0]
    client.force_login(member)
    read = reverse("scoring:application_read", args=[app.pk])
    assert client.get(read).status_code == 200
    client.post(reverse("scoring:conflict_declare", args=[app.pk]), {"reason": "申报人是我的学生"})
    assert ConflictOfInterest.objects.filter(expert=member, application=app).exists()
    assert not may_review(member, app)
    assert client.get(read).status_code == 404


def test_a_conflict_recorded_by_anyone_ends_the_review_and_its_removal_restores_it():
    w = scoring_world(apps=1)
    member, app = w.experts[2], w.apps[0]
    conflict = ConflictOfInterest.objects.create(
        expert=member, application=app, source=ConflictOfInterest.Source.OFFICE, reason="亲属"
    )
    assert not may_review(member, app)
    conflict.delete()
    assert may_review(member, app)


def test_a_conflict_inserted_in_bulk_counts_at_once():
    """conflicts_detect (workflow) inserts its rows with bulk_create, which sends no signal: the relation is read
    at each request, so the conflict counts from the insert on, not from a later commit."""
    w = scoring_world(apps=1)
    app = w.apps[0]
    late = expert("利害关系人")
    PanelMember.objects.create(panel=w.panel, expert=late)
    assert may_review(late, app)
    ConflictOfInterest.objects.bulk_create(
        [ConflictOfInterest(expert=late, application=app, source="auto", reason="同一单位")]
    )
    assert not may_review(late, app)
    assert may_review(w.experts[0], app)
    with pytest.raises(Http404):
        assignment_or_404(late, app.pk)


def test_removing_a_member_ends_their_reviews_and_the_chairs_results():
    w = scoring_world(apps=2)
    chair, member = w.experts[0], w.experts[1]
    PanelMember.objects.get(panel=w.panel, expert=member).delete()
    assert not any(may_review(member, app) for app in w.apps)
    assert all(may_review(chair, app) for app in w.apps)
    assert is_chair(chair, w.panel)
    PanelMember.objects.get(panel=w.panel, expert=chair).delete()
    assert not is_chair(chair, w.panel)


def test_removing_or_moving_an_assignment_moves_the_reviews():
    w = scoring_world(apps=2)
    kept, moved = w.apps
    other = Panel.objects.create(campaign=w.campaign, name="第二评议组")
    newcomer = expert("二组专家")
    PanelMember.objects.create(panel=other, expert=newcomer)
    assignment = PanelAssignment.objects.get(application=moved)
    assignment.panel = other
    assignment.save()
    assert not any(may_review(m, moved) for m in w.experts)
    assert may_review(newcomer, moved)
    PanelAssignment.objects.get(application=kept).delete()
    assert not any(may_review(m, kept) for m in w.experts)


def test_the_panel_dissolves_after_the_composite_phase_and_every_access_goes():
    w = scoring_world(phase=P.COMPOSITE, apps=2)
    chair = w.experts[0]
    assert is_chair(chair, w.panel)
    assert all(may_review(m, app) for m in w.experts for app in w.apps)
    w.campaign.phase = P.PUBLICITY
    w.campaign.save(update_fields=["phase"])
    assert not any(may_review(m, app) for m in w.experts for app in w.apps)
    assert not is_chair(chair, w.panel)
    with pytest.raises(Exception, match="组长"):  # the chair's writes are refused too
        panel_opinion_save(panel=w.panel, stage="material", user=chair, opinion="意见", recommended_ids=[])
    # a relation written after the dissolution opens nothing
    late = expert("迟到")
    PanelMember.objects.create(panel=w.panel, expert=late)
    app = complete_application(campaign=w.campaign)
    PanelAssignment.objects.create(panel=w.panel, application=app)
    assert not any(may_review(m, app) for m in w.panel.experts.all())


def test_the_chair_holds_the_panels_results_and_a_new_chair_takes_them_over(client):
    w = scoring_world(apps=1)
    chair, member = w.experts[0], w.experts[1]
    assert is_chair(chair, w.panel)
    assert not is_chair(member, w.panel)
    client.force_login(member)
    url = reverse("scoring:panel_results", args=[w.panel.pk, "material"])
    assert client.get(url).status_code == 404
    # as the office's service does it: the old chair set aside by a queryset update, then the new one saved
    w.panel.members.filter(is_chair=True).update(is_chair=False)
    new = PanelMember.objects.get(panel=w.panel, expert=member)
    new.is_chair = True
    new.save(update_fields=["is_chair"])
    assert is_chair(member, w.panel)
    assert not is_chair(chair, w.panel)
    assert client.get(url).status_code == 200


def test_a_grant_alone_opens_no_page_outside_the_panel(client):
    """A `view_application` grant (e.g. a unit's right, or one left from before 0016) does not make its holder the
    panel's expert: the expert pages ask the relation and the phase; the shared address asks the applicant's and
    the units' relations."""
    w = scoring_world(apps=1)
    stranger = expert("外组专家")
    assign_perm("awards.view_application", stranger, w.apps[0])
    assert not may_review(stranger, w.apps[0])
    with pytest.raises(Http404):
        assignment_or_404(stranger, w.apps[0].pk)
    assert not may_view_application(stranger, w.apps[0])
    client.force_login(stranger)
    assert client.get(reverse("scoring:application_read", args=[w.apps[0].pk])).status_code == 404


def test_the_panels_keep_no_object_permission():
    """Building panels, moving a chair and recording a conflict write no django-guardian row for an expert."""
    w = scoring_world(apps=2)
    ConflictOfInterest.objects.create(
        expert=w.experts[1], application=w.apps[0], source="office", reason="亲属"
    )
    experts = {m.pk for m in w.experts}
    assert not get_user_obj_perms_model().objects.filter(user_id__in=experts).exists()


def test_the_migration_drops_the_panels_grants_and_keeps_the_applicants_and_units():
    w = scoring_world(apps=2)
    done = scoring_world(phase=P.ARCHIVED, apps=1)
    grants = get_user_obj_perms_model().objects
    # the rows awards' 0010 and 0009 wrote, as a database migrated before 0016 holds them
    importlib.import_module("awards.migrations.0010_application_access_grants").backfill(django_apps, None)
    applicant_grants = set(
        grants.filter(user=w.apps[0].applicant).values_list("permission__codename", "object_pk")
    )
    assert applicant_grants
    importlib.import_module("scoring.migrations.0009_panel_grants").backfill(django_apps, None)
    experts = {m.pk for m in (*w.experts, *done.experts)}
    assert grants.filter(user_id__in=experts).exists()
    migration = importlib.import_module("scoring.migrations.0016_panel_access_by_relation")
    migration.drop_panel_grants(django_apps, None)
    assert not grants.filter(user_id__in=experts).exists()
    assert not grants.filter(permission__codename="view_panel_results").exists()
    assert set(grants.filter(user=w.apps[0].applicant).values_list("permission__codename", "object_pk")) == (
        applicant_grants
    )
    # and back: the panels' rows as 0009 wrote them
    migration.restore_panel_grants(django_apps, None)
    assert grants.filter(user=w.experts[0], permission__codename="view_panel_results").exists()
