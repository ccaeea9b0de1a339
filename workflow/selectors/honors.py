"""Reads of the office's honors page (第二十三条) and of revocation/cancellation (第二十九、三十条)."""

from django.shortcuts import get_object_or_404

from awards.models import Campaign
from workflow.models import Honor, Revocation


def honors_of(campaign: Campaign) -> list[Honor]:
    return list(
        Honor.objects.filter(application__campaign=campaign)
        .select_related("application__employer")
        .order_by("kind", "certificate_number")
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
