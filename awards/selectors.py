"""Reads the awards pages need."""

from django.db.models import Count, Q

from awards.models import Application, Campaign


def campaign_public_list():
    """Campaigns the public may see: every campaign past 筹备."""
    return (
        Campaign.objects.exclude(phase=Campaign.Phase.DRAFT)
        .select_related("award_type")
        .order_by("-year", "award_type_id")
    )


def campaign_with_counts(pk: int) -> Campaign:
    return (
        Campaign.objects.select_related("award_type")
        .annotate(
            application_count=Count("applications", filter=~Q(applications__state=Application.State.DRAFT)),
        )
        .get(pk=pk)
    )
