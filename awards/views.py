from django.http import Http404
from django.shortcuts import render

from awards import selectors
from awards.models import Campaign
from awards.permissions import roles_of


def public_input_campaigns():
    from scoring.selectors.public import public_input_campaigns

    return list(public_input_campaigns())


def home(request):
    """Home: per role, where to go."""
    return render(
        request,
        "awards/home.html",
        {
            "campaigns": selectors.campaign_public_list()[:6],
            "roles": roles_of(request.user),
            "public_input": public_input_campaigns(),
        },
    )


def campaign_list(request):
    return render(request, "awards/campaign_list.html", {"campaigns": selectors.campaign_public_list()})


def campaign_detail(request, pk: int):
    try:
        campaign = selectors.campaign_with_counts(pk)
    except Campaign.DoesNotExist:
        raise Http404
    if campaign.phase == Campaign.Phase.DRAFT and not request.user.is_staff:
        raise Http404
    return render(
        request,
        "awards/campaign_detail.html",
        {"campaign": campaign, "mine": selectors.own_live_application(request.user, campaign)},
    )
