"""The panels decide what the regulation gives them: the shortlist (第十七条), their opinion and 建议人员名单 beside
every candidate (第十条、第二十条), and they dissolve after 综合评价 (第十条)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from awards.models import Application, Attachment, Campaign
from scoring.models import PanelOpinion, ShortlistConfirmation
from scoring.services.shortlist import shortlist_confirm
from tests.factories import user_with_role
from tests.workflow.builders import (
    application_in,
    assign,
    campaign_in,
    panel_with_experts,
    ranking,
    submit_sheets,
)
from workflow.errors import TransitionRefused
from workflow.models import CommitteeDecision, TransitionLog
from workflow.services.transitions import application_transition, campaign_transition

pytestmark = pytest.mark.django_db
S = Application.State
P = Campaign.Phase


@pytest.fixture
def prepared(office):
    """材料评议 done; the office shortlisted two of three (shortlist size 2)."""
    campaign = campaign_in(P.MATERIAL_REVIEW, shortlist_size=2)
    panel = panel_with_experts(campaign, 3)
    apps = [application_in(campaign, S.ELIGIBLE) for _ in range(3)]
    assign(panel, *apps)
    for app in apps:
        submit_sheets(panel, app, "material")
    application_transition(application=apps[0], action="shortlist", user=office)
    application_transition(application=apps[1], action="shortlist", user=office)
    application_transition(application=apps[2], action="not_shortlist", user=office)
    chair = panel.members.get(is_chair=True).expert
    return campaign, panel, apps, chair


def test_the_office_cannot_start_onsite_until_the_panel_chair_confirmed_the_shortlist(prepared, office):
    campaign, panel, apps, chair = prepared
    with pytest.raises(TransitionRefused) as refused:
        campaign_transition(campaign=campaign, action="start_onsite", user=office)
    assert refused.value.rule == "第十七条" and panel.name in str(refused.value)
    shortlist_confirm(panel=panel, user=chair, shortlisted_ids=[apps[0].pk, apps[1].pk])
    campaign_transition(campaign=campaign, action="start_onsite", user=office)
    campaign.refresh_from_db()
    assert campaign.phase == P.ONSITE


def test_a_change_by_the_office_after_the_confirmation_needs_a_new_confirmation(prepared, office):
    campaign, panel, apps, chair = prepared
    shortlist_confirm(panel=panel, user=chair, shortlisted_ids=[apps[0].pk, apps[1].pk])
    Application.objects.filter(pk=apps[1].pk).update(
        state=S.NOT_SHORTLISTED
    )  # changed behind the panel's back
    with pytest.raises(TransitionRefused):
        campaign_transition(campaign=campaign, action="start_onsite", user=office)


def test_only_the_chair_confirms_for_the_panel(prepared):
    _campaign, panel, apps, _chair = prepared
    member = panel.members.filter(is_chair=False).first().expert
    with pytest.raises(PermissionDenied):
        shortlist_confirm(panel=panel, user=member, shortlisted_ids=[apps[0].pk, apps[1].pk])


def test_the_chair_changes_the_shortlist_only_with_reasons_and_the_change_runs_the_procedure(
    prepared, office
):
    campaign, panel, apps, chair = prepared
    swap = [apps[0].pk, apps[2].pk]
    with pytest.raises(ValidationError) as refused:
        shortlist_confirm(panel=panel, user=chair, shortlisted_ids=swap)
    assert "理由" in " ".join(refused.value.messages)
    confirmation = shortlist_confirm(
        panel=panel, user=chair, shortlisted_ids=swap, reason="第三位申报人成果的行业特色更为显著。"
    )
    assert confirmation.changed and confirmation.prepared == sorted([apps[0].pk, apps[1].pk])
    states = dict(Application.objects.filter(pk__in=[a.pk for a in apps]).values_list("pk", "state"))
    assert states == {apps[0].pk: S.SHORTLISTED, apps[1].pk: S.NOT_SHORTLISTED, apps[2].pk: S.SHORTLISTED}
    log = TransitionLog.objects.get(application=apps[2], action="panel_shortlist")
    assert log.actor == chair and "行业特色" in log.reason
    campaign_transition(campaign=campaign, action="start_onsite", user=office)


def test_the_chair_confirms_on_the_panels_page(client, prepared):
    _campaign, panel, apps, chair = prepared
    client.force_login(chair)
    page = client.get(reverse("scoring:panel_results", args=[panel.pk, "material"])).content.decode()
    assert 'id="shortlist-form"' in page and 'id="shortlist-waiting"' in page
    client.post(
        reverse("scoring:panel_shortlist_confirm", args=[panel.pk]), {"shortlisted": [apps[0].pk, apps[1].pk]}
    )
    assert ShortlistConfirmation.objects.filter(panel=panel, confirmed_by=chair).exists()
    page = client.get(reverse("scoring:panel_results", args=[panel.pk, "material"])).content.decode()
    assert 'id="shortlist-confirmed"' in page


# --- the panel's opinion beside every candidate -------------------------------------------------------------------


@pytest.fixture
def listed_against_the_panel():
    """The ranking puts 乙 on the list though the panel recommended only 甲."""
    campaign = campaign_in(P.COMPOSITE, quota=2, nomination_quota=0)
    panel = panel_with_experts(campaign, 3)
    first = application_in(campaign, S.RECOMMENDED, name="甲")
    second = application_in(campaign, S.RECOMMENDED, name="乙")
    assign(panel, first, second)
    opinion = PanelOpinion.objects.create(
        panel=panel, stage="onsite", opinion="甲的成果行业特色显著，建议授予。"
    )
    opinion.recommended.set([first])
    ranking(campaign, [(first, "90"), (second, "85")])
    return campaign, first, second


def test_the_ranking_page_shows_the_panels_opinion_and_flags_a_listed_candidate_it_did_not_recommend(
    client, listed_against_the_panel
):
    campaign, first, second = listed_against_the_panel
    client.force_login(user_with_role("office"))
    page = client.get(reverse("workflow:ranking", args=[campaign.pk])).content.decode()
    rows = {app.pk: page.split(f'data-app="{app.pk}"')[1].split("</tr>")[0] for app in (first, second)}
    assert "评议组建议" in rows[first.pk] and "甲的成果行业特色显著" in rows[first.pk]
    assert "data-panel-flag" not in rows[first.pk]
    assert "评议组未建议" in rows[second.pk] and "data-panel-flag" in rows[second.pk]


def test_the_committee_sees_the_panels_opinion_and_the_flag_when_it_votes(client, listed_against_the_panel):
    campaign, _first, second = listed_against_the_panel
    decision = CommitteeDecision.objects.create(campaign=campaign, kind="confirm_recommended")
    client.force_login(user_with_role("committee"))
    page = client.get(reverse("workflow:decision", args=[decision.pk])).content.decode()
    row = page.split(f'data-app="{second.pk}"')[1].split("</tr>")[0]
    assert "列入名单但评议组未建议" in row


# --- 第十条: the panel dissolves after 综合评价 ---------------------------------------------------------------------


def test_the_panels_experts_lose_access_when_the_campaign_moves_past_composite(client):
    campaign = campaign_in(P.COMPOSITE)
    panel = panel_with_experts(campaign, 2)
    app = application_in(campaign, S.RECOMMENDED)
    assign(panel, app)
    evidence = Attachment.objects.get(application=app, kind=Attachment.Kind.EVIDENCE)
    chair = panel.members.get(is_chair=True).expert
    client.force_login(chair)
    read = reverse("scoring:application_read", args=[app.pk])
    file_url = reverse("scoring:attachment", args=[app.pk, evidence.pk])
    results = reverse("scoring:panel_results", args=[panel.pk, "onsite"])
    assert client.get(read).status_code == 200
    assert client.get(results).status_code == 200
    Campaign.objects.filter(pk=campaign.pk).update(phase=P.PUBLICITY)
    assert client.get(read).status_code == 404
    assert client.get(file_url).status_code == 404
    assert client.get(results).status_code == 404
    assert app.name not in client.get(reverse("scoring:expert_home")).content.decode()


def test_an_expert_of_an_active_panel_still_reads_the_file(client):
    campaign = campaign_in(P.ONSITE)
    panel = panel_with_experts(campaign, 1)
    app = application_in(campaign, S.SHORTLISTED)
    assign(panel, app)
    evidence = Attachment.objects.get(application=app, kind=Attachment.Kind.EVIDENCE)
    evidence.file.save("evidence.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    client.force_login(panel.members.get().expert)
    assert client.get(reverse("scoring:attachment", args=[app.pk, evidence.pk])).status_code == 200
