"""Object permissions on applications (docs/architecture.md §6): django-guardian grants are made where a relation
starts (the application exists; a unit is named recommender or employer; an account joins the unit) and taken
back where it ends; the data migration's backfill grants what existing rows call for; the predicates of
awards/permissions.py decide from them."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm, remove_perm

from awards.models import Application, Campaign, RecommendationInvitation
from awards.permissions import (
    backfill_application_access,
    may_confirm_recommendation,
    may_edit_application,
    may_view_application,
    may_write_unit_opinion,
    owns_application,
)
from awards.services import applications as application_services
from awards.services import invitations as invitation_services
from awards.services import recommenders as recommender_services
from tests.factories import ApplicationFactory, CampaignFactory, OrganizationFactory, user_with_role

pytestmark = pytest.mark.django_db

VIEW, CHANGE = "awards.view_application", "awards.change_application"


def fresh(user):
    """The account as a new request sees it (no cached permissions or units)."""
    return User.objects.get(pk=user.pk)


def unit_with_account(**kwargs):
    org = OrganizationFactory(**kwargs)
    staff = user_with_role("recommender")
    org.staff.add(staff)
    return org, staff


def test_the_applicant_is_granted_view_and_change_when_the_application_is_started():
    campaign = CampaignFactory(phase=Campaign.Phase.OPEN)
    applicant = user_with_role("applicant")
    application = application_services.application_start(campaign=campaign, user=applicant)
    applicant = fresh(applicant)
    assert applicant.has_perm(VIEW, application) and applicant.has_perm(CHANGE, application)
    assert owns_application(applicant, application) and may_edit_application(applicant, application)
    stranger = user_with_role("applicant")
    assert not stranger.has_perm(VIEW, application) and not may_view_application(stranger, application)


def test_naming_a_recommender_grants_its_accounts_and_naming_another_takes_it_back():
    employer, employer_staff = unit_with_account()
    first, first_staff = unit_with_account()
    second, second_staff = unit_with_account()
    application = ApplicationFactory(employer=employer)
    assert fresh(employer_staff).has_perm(VIEW, application)
    assert not fresh(first_staff).has_perm(VIEW, application)

    application = application_services.application_save_draft(
        application=application, user=application.applicant, fields={"route": "unit", "recommender": first}
    )
    assert fresh(first_staff).has_perm(VIEW, application)
    assert may_confirm_recommendation(fresh(first_staff), application)

    application_services.application_save_draft(
        application=application, user=application.applicant, fields={"recommender": second}
    )
    application.refresh_from_db()
    assert not fresh(first_staff).has_perm(VIEW, application)
    assert not may_view_application(fresh(first_staff), application)
    assert fresh(second_staff).has_perm(VIEW, application)
    assert fresh(employer_staff).has_perm(VIEW, application)  # still the employer


def test_leaving_out_the_employer_takes_its_accounts_access_back():
    employer, staff = unit_with_account()
    application = ApplicationFactory(employer=employer)
    assert may_write_unit_opinion(fresh(staff), application)
    application_services.application_save_draft(
        application=application, user=application.applicant, fields={"employer_name": ""}
    )
    application.refresh_from_db()
    assert application.employer_id is None
    assert not fresh(staff).has_perm(VIEW, application)
    with pytest.raises(PermissionDenied):
        recommender_services.unit_opinion_save(application=application, user=fresh(staff), data={})


def test_an_account_joining_the_unit_is_granted_and_one_leaving_it_loses_the_grant():
    org, _staff = unit_with_account()
    application = ApplicationFactory(employer=org)
    newcomer = user_with_role("recommender")
    org.staff.add(newcomer)
    assert fresh(newcomer).has_perm(VIEW, application)
    org.staff.remove(newcomer)
    assert not fresh(newcomer).has_perm(VIEW, application)
    org.staff.add(newcomer)
    org.staff.clear()
    assert not fresh(newcomer).has_perm(VIEW, application)


def test_an_account_of_two_units_keeps_the_grant_while_one_of_them_is_still_named():
    recommender, staff = unit_with_account()
    employer = OrganizationFactory()
    employer.staff.add(staff)
    application = ApplicationFactory(employer=employer, route="unit", recommender=recommender)
    recommender.staff.remove(staff)
    assert fresh(staff).has_perm(VIEW, application)  # still the employer's account


def test_accepting_a_unit_invitation_grants_the_unit():
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
    assert not UserObjectPermission.objects.filter(user=staff).exists()  # nothing before the answer
    application = invitation_services.invitation_accept(invitation=invitation, user=person)
    assert fresh(staff).has_perm(VIEW, application) and fresh(person).has_perm(CHANGE, application)
    assert RecommendationInvitation.objects.get(pk=invitation.pk).application == application


def test_the_backfill_grants_what_existing_applications_call_for_and_nothing_twice():
    employer, employer_staff = unit_with_account()
    recommender, recommender_staff = unit_with_account()
    application = ApplicationFactory(employer=employer, route="unit", recommender=recommender)
    other = ApplicationFactory(employer=None)
    UserObjectPermission.objects.all().delete()  # rows as they were before the grants existed
    assert not may_view_application(fresh(application.applicant), application)

    assert backfill_application_access() == 6  # 2 applicants × (view, change) + 2 unit accounts × view
    assert owns_application(fresh(application.applicant), application)
    assert may_view_application(fresh(employer_staff), application)
    assert may_view_application(fresh(recommender_staff), application)
    assert not may_view_application(fresh(employer_staff), other)
    assert backfill_application_access() == 0


def test_a_deleted_application_takes_its_grants_with_it():
    application = ApplicationFactory()
    pk = application.pk
    application.delete()
    assert not UserObjectPermission.objects.filter(object_pk=str(pk)).exists()


def test_an_experts_grant_does_not_open_the_shared_address_but_an_applicants_and_units_do():
    """Experts get `view_application` from their panel assignment (scoring/permissions.py) and read on /expert/,
    where the stage and 回避 rules apply; the shared address serves the grant holders who are the applicant or a
    named unit's account, and the office by its role."""
    application = ApplicationFactory()
    expert = user_with_role("expert")
    assign_perm(VIEW, expert, application)
    assert fresh(expert).has_perm(VIEW, application)
    assert not may_view_application(fresh(expert), application)
    assert may_view_application(fresh(application.applicant), application)
    remove_perm(VIEW, application.applicant, application)
    assert not may_view_application(fresh(application.applicant), application)
    assert may_view_application(user_with_role("office"), application)


def test_a_superuser_reads_applications_only_by_role_or_grant():
    application = ApplicationFactory()
    root = User.objects.create_superuser("root", "root@example.cn", "root-pass-2026")
    assert not may_view_application(root, application)
    assert not owns_application(root, application)


def test_editing_ends_with_submission_while_the_grant_stays():
    application = ApplicationFactory()
    applicant = fresh(application.applicant)
    Application.objects.filter(pk=application.pk).update(state=Application.State.SUBMITTED)
    application.refresh_from_db()
    assert owns_application(applicant, application) and not may_edit_application(applicant, application)
    assert may_view_application(applicant, application)
