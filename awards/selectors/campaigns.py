"""Reads of campaigns for the public, applicant and unit pages."""

from django.db.models import Count, Q
from django.http import Http404

from awards.models import Application, Campaign
from config import clock, pagecache


def campaign_public_list():
    """Campaigns the public may see: every live campaign past 筹备 (培训演练 campaigns are never listed)."""
    return (
        Campaign.objects.exclude(phase=Campaign.Phase.DRAFT)
        .filter(is_training=False)
        .select_related("award_type", "publicity")
        .order_by("-year", "award_type_id")
    )


def campaign_with_counts(pk: int) -> Campaign:
    """The campaign page's campaign with its count of submitted applications; Http404 when there is none."""
    try:
        return (
            Campaign.objects.select_related("award_type", "publicity")
            .annotate(
                application_count=Count(
                    "applications", filter=~Q(applications__state=Application.State.DRAFT)
                ),
            )
            .get(pk=pk)
        )
    except Campaign.DoesNotExist:
        raise Http404


def campaign_or_404(pk) -> Campaign:
    """The campaign of a URL or a form (its honor and rubric with it), or 404; the one lookup of every app."""
    campaign = Campaign.objects.select_related("award_type__rubric").filter(pk=pk or 0).first()
    if campaign is None:
        raise Http404
    return campaign


def open_campaigns() -> list:
    """Campaigns taking applications now, each by its own clock (a 培训演练 campaign by its simulated date). For
    showing (the applicant's and the recommender's home pages): the campaigns in 申报 are kept in the cache under
    the public pages' version, as those pages are (docs/decisions.md 419), and which of them still takes
    applications is decided here on every call; a write starts from its own read of the campaign."""
    return [c for c in _campaigns_in_open_phase() if c.closes_at is None or clock.now(c) < c.closes_at]


def _campaigns_in_open_phase() -> list:
    """Every campaign in 申报, with its honor: the same for every user, and changed only by a write of a campaign or
    an honor, each of which replaces the public pages' version (workflow/pagecache.py)."""
    return pagecache.public_cached(
        "open-campaigns",
        lambda: list(
            Campaign.objects.filter(phase=Campaign.Phase.OPEN)
            .select_related("award_type")
            .order_by("is_training", "award_type_id")
        ),
    )


def public_input_campaigns() -> list:
    """Campaigns whose 公众评价 (第十九条) is open: the home page's link to it and the public input index. Only the
    campaign's own fields decide it, so it is read here, below scoring's public pages, which import it."""
    return list(
        Campaign.objects.filter(
            phase=Campaign.Phase.PUBLIC_INPUT, public_input_enabled=True, is_training=False
        ).select_related("award_type")
    )
