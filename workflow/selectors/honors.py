"""Reads of the office's honors page (第二十三条) and of revocation/cancellation (第二十九、三十条)."""

from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.shortcuts import get_object_or_404

from awards.models import Campaign
from scoring.models import RankingEntry
from workflow.models import Honor, Revocation


def in_list_order(honors):
    """Every honors list's order (第二十三条; issue 23.6): the title holders (荣誉称号) first, then the nominations
    (提名), each in the place the current ranking gave them, then by certificate number."""
    place = RankingEntry.objects.filter(
        ranking__is_current=True, application_id=OuterRef("application_id")
    ).values("rank")[:1]
    return honors.annotate(
        list_group=Case(
            When(kind=Honor.Kind.TITLE, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
        list_place=Subquery(place),
    ).order_by("list_group", "list_place", "certificate_number")


def honors_of(campaign: Campaign) -> list[Honor]:
    return list(
        in_list_order(
            Honor.objects.filter(application__campaign=campaign).select_related("application__employer")
        )
    )


def revocations_of(campaign: Campaign):
    return (
        Revocation.objects.filter(honor__application__campaign=campaign)
        .select_related("honor__application", "decision")
        .order_by("-proposed_at")
    )


def honor_or_404(pk: int) -> Honor:
    return get_object_or_404(Honor.objects.select_related("application__campaign__award_type"), pk=pk)


def revocation_or_404(pk: int) -> Revocation:
    return get_object_or_404(Revocation.objects.select_related("honor__application__campaign"), pk=pk)
