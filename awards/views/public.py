"""Public pages: home and the campaigns."""

from django.http import Http404
from django.shortcuts import render

from awards.models import Campaign
from awards.permissions import roles_of
from awards.selectors import applications as application_selectors
from awards.selectors import campaigns as campaign_selectors


def home(request):
    """Home: per role, where to go."""
    return render(
        request,
        "awards/home.html",
        {
            "campaigns": campaign_selectors.campaign_public_list()[:6],
            "roles": roles_of(request.user),
            "public_input": campaign_selectors.public_input_campaigns(),
        },
    )


def campaign_list(request):
    return render(
        request, "awards/campaign_list.html", {"campaigns": campaign_selectors.campaign_public_list()}
    )


def campaign_detail(request, pk: int):
    campaign = campaign_selectors.campaign_with_counts(pk)
    if campaign.phase == Campaign.Phase.DRAFT and not request.user.is_staff:
        raise Http404
    return render(
        request,
        "awards/campaign_detail.html",
        {"campaign": campaign, "mine": application_selectors.own_live_application(request.user, campaign)},
    )
