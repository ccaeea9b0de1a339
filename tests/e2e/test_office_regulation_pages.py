"""Browser tests (Playwright, Debian Chromium) of the office pages issue 12 changed: the panel's opinion beside every
candidate on the ranking (第二十条), and on the honors page the 五一劳动奖章 check (第二十三条), the 主办单位's
consent (第二十九、三十条) and the credit records' export and submission (第二十九条)."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import Application, Campaign
from scoring.models import PanelOpinion
from tests.e2e.browser import login
from tests.factories import UserFactory
from tests.workflow.builders import application_in, assign, campaign_in, panel_with_experts, ranking
from workflow.models import CreditRecord, Honor
from workflow.services.committee import decision_close, decision_vote
from workflow.services.honors import create_honor_for
from workflow.services.revocation import revocation_propose

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
S = Application.State
P = Campaign.Phase


def test_the_ranking_flags_a_listed_candidate_the_panel_did_not_recommend(page, live_server, reference_data):
    UserFactory(username="office", roles=["office"])
    campaign = campaign_in(P.COMPOSITE, quota=2, nomination_quota=0)
    panel = panel_with_experts(campaign, 3)
    first = application_in(campaign, S.RECOMMENDED, name="甲")
    second = application_in(campaign, S.RECOMMENDED, name="乙")
    assign(panel, first, second)
    PanelOpinion.objects.create(
        panel=panel, stage="onsite", opinion="甲的成果行业特色显著。"
    ).recommended.set([first])
    ranking(campaign, [(first, "90"), (second, "85")])
    login(page, live_server.url, "office", next_path=reverse("workflow:ranking", args=[campaign.pk]))
    expect(page.locator(f"tr[data-app='{first.pk}'] [data-panel-view]")).to_contain_text("评议组建议")
    flagged = page.locator(f"tr[data-app='{second.pk}'] [data-panel-flag]")
    expect(flagged).to_have_text("列入名单但评议组未建议")
    page.locator(f"tr[data-app='{first.pk}'] [data-panel-view] summary").click()
    expect(page.locator(f"tr[data-app='{first.pk}'] [data-panel-view]")).to_contain_text(
        "甲的成果行业特色显著"
    )


def test_the_office_checks_the_may_day_conditions_records_consent_and_submits_credit_records(
    page, live_server, reference_data
):
    office = UserFactory(username="office", roles=["office"])
    campaign = campaign_in(P.AWARDED)
    honoree = application_in(campaign, S.AWARDED, union_member=True, name="甲")
    honor = create_honor_for(honoree, awarded_on=timezone.localdate(), document_number="沪智组8号")
    revocation = revocation_propose(honor=honor, user=office, kind="cancel", reason="提供虚假专利证明")
    base = live_server.url
    login(page, base, "office", next_path=reverse("workflow:honors", args=[campaign.pk]))

    # 第二十三条: the overall conditions, person by person
    expect(page.locator("#may-day")).to_contain_text("待核对综合条件")
    page.locator(f"li[data-check='{honor.pk}'] input[value='1']").check()
    page.locator(f"li[data-check='{honor.pk}'] button").click()
    expect(page.locator(".messages")).to_contain_text("已记录核对结果")
    assert Honor.objects.get(pk=honor.pk).may_day_conditions_ok is True

    # 第二十九条: the organisers' consent before the committee's approval takes effect
    form = page.locator(f"div[data-revocation='{revocation.pk}'] form")
    form.locator("input[name=document_number]").fill("沪总工〔2030〕9号")
    form.locator("input[name=on]").fill(timezone.localdate().isoformat())
    form.locator("button").click()
    expect(page.locator(f"div[data-revocation='{revocation.pk}']")).to_contain_text(
        "主办单位同意：沪总工〔2030〕9号"
    )

    # the credit record: exported in the documented CSV, “待报送” until the submission date is recorded
    for member in [UserFactory(roles=["committee"]) for _ in range(3)]:
        decision_vote(decision=revocation.decision, user=member, choice="approve")
    decision_close(decision=revocation.decision, user=office, document_number="沪智组〔2030〕10号")
    page.reload()
    expect(page.locator("#credit-records")).to_contain_text("已记录，待报送")
    with page.expect_download() as download:
        page.click("#credit-export")
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    assert rows[0][0] == "记录编号" and rows[1][1] == "甲"
    page.fill("#credit-records input[name=submitted_on]", timezone.localdate().isoformat())
    page.click("#credit-records button")
    expect(page.locator("#credit-records")).to_contain_text("报送本市社会信用信息系统")
    assert CreditRecord.objects.get().submitted_on == timezone.localdate()
