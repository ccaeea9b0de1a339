"""Reads of the recommender pages (推荐机构工作台, /unit/)."""

from django.db.models import Q
from django.http import Http404

from awards.models import Application, Organization, RecommendationInvitation
from awards.permissions import may_handle_as_unit, unit_ids


def recommender_applications(user):
    """推荐机构: applications that name one of the user's units as recommender or employer (awards/permissions.py),
    retracted ones left out."""
    orgs = unit_ids(user)
    return (
        Application.objects.filter(Q(recommender_id__in=orgs) | Q(employer_id__in=orgs))
        .exclude(state=Application.State.RETRACTED)
        .select_related("campaign__award_type", "recommender", "employer")
        .order_by("-campaign__year", "name", "id")
    )


def unit_application_or_404(user, pk: int) -> Application:
    """The application `pk` as the unit's pages show it (`may_handle_as_unit`); Http404 otherwise."""
    application = (
        Application.objects.select_related("campaign__award_type", "recommender", "employer")
        .filter(pk=pk)
        .first()
    )
    if application is None or not may_handle_as_unit(user, application):
        raise Http404
    return application


def organizations_of(user):
    return Organization.objects.filter(pk__in=unit_ids(user)).order_by("name")


def organization_or_404(pk) -> Organization:
    """The unit a recommendation is made for (the service refuses a unit the account does not act for)."""
    organization = Organization.objects.filter(pk=pk or 0).first()
    if organization is None:
        raise Http404
    return organization


def invitations_sent_by_units_of(user, limit: int = 50):
    """The recommender's invitations and their answers (the unit sees names and status only)."""
    return (
        RecommendationInvitation.objects.filter(organization_id__in=unit_ids(user))
        .select_related("campaign", "organization")
        .order_by("-created_at")[:limit]
    )
