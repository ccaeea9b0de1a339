"""A campaign in 公众评价 with shortlisted candidates, and helpers to vote through the real pages."""

import re

from django.core import mail
from django.urls import reverse

from awards.models import Application, Campaign
from tests.workflow.office.builders import campaign_in, candidate


def public_campaign(n: int = 3, **kwargs) -> tuple[Campaign, list[Application]]:
    campaign = campaign_in(Campaign.Phase.PUBLIC_INPUT, public_input_enabled=True, **kwargs)
    apps = []
    for i in range(n):
        apps.append(
            candidate(
                campaign,
                name=f"候选{i + 1}",
                number=f"ZHGJ-{campaign.year}-{i + 1:03d}",
                public_consent=True,
                public_summary=f"候选{i + 1}的公开简介：长期从事物联感知平台建设。",
                public_achievements=f"候选{i + 1}的代表性成果：城市感知网。",
            )
        )
    return campaign, apps


def last_code() -> str:
    return re.search(r"验证码为 (\d{6})", mail.outbox[-1].body).group(1)


def verified_client(client, campaign, contact="citizen@example.cn"):
    client.post(reverse("public_input:verify", args=[campaign.pk]), {"step": "request", "contact": contact})
    client.post(reverse("public_input:verify", args=[campaign.pk]), {"step": "code", "code": last_code()})
    return client


def ballot_data(ratings: dict, *, group="public", version=0, comments=None) -> dict:
    data = {"group": group, "version": version}
    for app, rating in ratings.items():
        data[f"rating_{app.pk}"] = rating
    for app, comment in (comments or {}).items():
        data[f"comment_{app.pk}"] = comment
    return data
