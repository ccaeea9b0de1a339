"""Who reads and edits an application (docs/architecture.md §6, decisions 375): the predicates of
awards/permissions.py read the application's own relations at each request — its applicant, the accounts of the
units it names as recommender or employer, the office by its role — so access starts and ends with the relation,
whatever code wrote it (a service, a queryset update, the admin), and no object permission repeats it."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm

from awards.models import Application, Campaign
from awards.permissions import (
    may_confirm_recommendation,
    may_edit_application,
    may_handle_as_unit,
    may_view_application,
    may_write_unit_opinion,
    owns_application,
)
from awards.selectors.units import recommender_applications
from awards.services import applications as application_services
from awards.services import invitations as invitation_services
from awards.services import recommenders as recommender_services
from tests.factories import ApplicationFactory, CampaignFactory, OrganizationFactory, user_with_role

pytestmark = pytest.mark.django_db


def fresh(user):
    """The account as a new request sees it (no cached units)."""
    return User.objects.get(pk=user.pk)


def unit_with_account(**kwargs):
    org = OrganizationFactory(**kwargs)
    staff = user_with_role("recommender")
    org.staff.add(staff)
    return org, staff


def test_the_applicant_reads_and_edits_from_the_start_and_a_stranger_does_not():
    campaign = CampaignFactory(phase=Campaign.Phase.OPEN)
    applicant = user_with_role("applicant")
    application = application_services.application_start(campaign=campaign, user=applicant)
    applicant = fresh(applicant)
    assert owns_application(applicant, application) and may_edit_application(applicant, application)
    assert may_view_application(applicant, application)
    stranger = user_with_role("applicant")
    assert not may_view_application(stranger, application) and not owns_application(stranger, application)


def test_naming_a_recommender_opens_it_to_its_accounts_and_naming_another_closes_it():
    employer, employer_staff = unit_with_account()
    first, first_staff = unit_with_account()
    second, second_staff = unit_with_account()
    application = ApplicationFactory(employer=employer)
    assert may_view_application(fresh(employer_staff), application)
    assert not may_view_application(fresh(first_staff), application)

    application = application_services.application_save_draft(
        application=application, user=application.applicant, fields={"route": "unit", "recommender": first}
    )
    assert may_view_application(fresh(first_staff), application)
    assert may_confirm_recommendation(fresh(first_staff), application)
    assert list(recommender_applications(fresh(first_staff))) == [application]

    application_services.application_save_draft(
        application=application, user=application.applicant, fields={"recommender": second}
    )
    application.refresh_from_db()
    assert not may_view_application(fresh(first_staff), application)
    assert not may_confirm_recommendation(fresh(first_staff), application)
    assert list(recommender_applications(fresh(first_staff))) == []
    assert may_view_application(fresh(second_staff), application)
    assert may_view_application(fresh(employer_staff), application)  # still the employer
    assert not may_confirm_recommendation(
        fresh(employer_staff), application
    )  # the employer does not recommend


def test_leaving_out_the_employer_closes_it_to_the_employers_accounts():
    employer, staff = unit_with_account()
    application = ApplicationFactory(employer=employer)
    assert may_write_unit_opinion(fresh(staff), application)
    application_services.application_save_draft(
        application=application, user=application.applicant, fields={"employer_name": ""}
    )
    application.refresh_from_db()
    assert application.employer_id is None
    assert not may_view_application(fresh(staff), application)
    assert not may_write_unit_opinion(fresh(staff), application)
    with pytest.raises(PermissionDenied):
        recommender_services.unit_opinion_save(application=application, user=fresh(staff), data={})


def test_a_relation_written_without_a_signal_counts_at_once():
    """A queryset update sends no signal: the predicates read the row, so it counts at the next question."""
    first, first_staff = unit_with_account()
    second, second_staff = unit_with_account()
    application = ApplicationFactory(employer=first)
    Application.objects.filter(pk=application.pk).update(employer=second)
    application.refresh_from_db()
    assert not may_view_application(fresh(first_staff), application)
    assert may_view_application(fresh(second_staff), application)


def test_an_account_joining_the_unit_reads_and_one_leaving_it_does_not():
    org, _staff = unit_with_account()
    application = ApplicationFactory(employer=org)
    newcomer = user_with_role("recommender")
    org.staff.add(newcomer)
    assert may_view_application(fresh(newcomer), application)
    assert may_handle_as_unit(fresh(newcomer), application)
    org.staff.remove(newcomer)
    assert not may_view_application(fresh(newcomer), application)
    org.staff.add(newcomer)
    org.staff.clear()
    assert not may_view_application(fresh(newcomer), application)


def test_an_account_of_two_units_reads_while_one_of_them_is_still_named():
    recommender, staff = unit_with_account()
    employer = OrganizationFactory()
    employer.staff.add(staff)
    application = ApplicationFactory(employer=employer, route="unit", recommender=recommender)
    recommender.staff.remove(staff)
    assert may_view_application(fresh(staff), application)  # still the employer's account
    assert not may_confirm_recommendation(fresh(staff), application)


def test_a_deactivated_account_reads_nothing():
    org, staff = unit_with_account()
    application = ApplicationFactory(employer=org)
    for user in (staff, application.applicant):
        User.objects.filter(pk=user.pk).update(is_active=False)
        assert not may_view_application(fresh(user), application)
    assert not owns_application(fresh(application.applicant), application)


def test_accepting_a_unit_invitation_opens_the_application_to_the_unit():
    campaign = CampaignFactory(phase=Campaign.Phase.OPEN)
    org, staff = unit_with_account()
    person = user_with_role("applicant", email="li@example.cn")
    invitation = invitation_services.recommender_invite(
        organization=org,
        campaign=campaign,
        user=staff,
        name="李工",
        email="li@example.cn",
        invitation_url=lambda inv: f"/me/invitations/{inv.pk}/",
        password_url=lambda uid, token: "/reset/",
    )
    assert list(recommender_applications(fresh(staff))) == []  # nothing before the answer
    application = invitation_services.invitation_accept(invitation=invitation, user=person)
    assert may_view_application(fresh(staff), application) and owns_application(fresh(person), application)
    assert (
        invitation_services.RecommendationInvitation.objects.get(pk=invitation.pk).application == application
    )


def test_a_grant_alone_opens_nothing_and_no_grant_is_written():
    """An expert's or a stranger's `view_application` row (as an older database may hold) opens neither the
    shared address nor the unit's pages; starting and editing applications writes no row."""
    employer, staff = unit_with_account()
    application = ApplicationFactory(employer=employer)
    assert not UserObjectPermission.objects.exists()
    for user in (user_with_role("expert"), user_with_role("recommender")):
        assign_perm("awards.view_application", user, application)
        assert not may_view_application(fresh(user), application)
        assert not may_handle_as_unit(fresh(user), application)
    assert may_view_application(user_with_role("office"), application)


def test_a_superuser_reads_applications_only_by_role_or_relation():
    application = ApplicationFactory()
    root = User.objects.create_superuser("root", "root@example.cn", "root-pass-2026")
    assert not may_view_application(root, application)
    assert not owns_application(root, application)


def test_editing_ends_with_submission_while_reading_stays():
    application = ApplicationFactory()
    applicant = fresh(application.applicant)
    Application.objects.filter(pk=application.pk).update(state=Application.State.SUBMITTED)
    application.refresh_from_db()
    assert owns_application(applicant, application) and not may_edit_application(applicant, application)
    assert may_view_application(applicant, application)


def test_the_migration_drops_the_grants_and_its_reverse_writes_them_as_0010_did():
    employer, employer_staff = unit_with_account()
    recommender, recommender_staff = unit_with_account()
    ApplicationFactory(employer=employer, route="unit", recommender=recommender)
    ApplicationFactory(employer=None)
    backfill = importlib.import_module("awards.migrations.0010_application_access_grants")
    assert backfill.backfill_application_access(django_apps) == 6  # 2 applicants × (view, change) + 2 units
    assert backfill.backfill_application_access(django_apps) == 0  # nothing twice
    migration = importlib.import_module("awards.migrations.0020_application_access_by_relation")
    migration.drop_application_grants(django_apps, None)
    assert not UserObjectPermission.objects.exists()
    migration.restore_application_grants(django_apps, None)
    assert UserObjectPermission.objects.count() == 6
