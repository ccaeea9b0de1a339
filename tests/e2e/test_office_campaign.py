"""Browser walk-through of the office and the committee: a small craftsman campaign from set-up to certificates.

Applicants' submissions and experts' score sheets are other helpers' pages and are put in place through the
services/models between the browser steps; every office and committee step runs in Chromium."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from awards import frozen
from awards.models import Application, Campaign
from scoring.models import Criterion, ExpertProfile, ScoreEntry, ScoreSheet
from tests.e2e.browser import login
from tests.factories import OrganizationFactory, UserFactory, complete_application
from workflow.models import Publicity, UnitNotice
from workflow.services.transitions import application_transition

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
S = Application.State


def logout(page):
    page.click("header button:has-text('退出')")


def mails_to(app, words: str) -> int:
    """How many mails the applicant has received whose subject holds `words` (issue 23.5: count and moment)."""
    return sum(1 for m in mail.outbox if app.applicant.email in m.to and words in m.subject)


def confirm(page):
    """Issue 23.1: the step asks first (a plain form: no JavaScript needed); confirm it."""
    expect(page.locator("#confirm")).to_contain_text("请确认")
    page.click("#confirm-button")


def dashboard_action(page, label):
    page.click(f"#next-phase button:has-text('{label}')")
    confirm(page)


def score_all(campaign, stage, totals_by_name):
    """Each panel expert submits a sheet: every criterion 1 point except the first criterion, which carries the
    rest of the wanted total (other helpers' sheet pages are tested elsewhere)."""
    criteria = list(Criterion.objects.filter(dimension__rubric=campaign.award_type.rubric).order_by("order"))
    for app in campaign.applications.filter(name__in=totals_by_name).select_related(
        "panel_assignment__panel"
    ):
        panel = app.panel_assignment.panel
        for k, member in enumerate(panel.members.all()):
            total = totals_by_name[app.name] + k  # experts differ by one point
            sheet = ScoreSheet.objects.create(
                application=app,
                expert=member.expert,
                panel=panel,
                stage=stage,
                state="submitted",
                total=total,
            )
            for j, c in enumerate(criteria):
                points = total - (len(criteria) - 1) if j == 0 else 1
                ScoreEntry.objects.create(sheet=sheet, criterion=c, points=points)


def test_office_and_committee_run_a_small_campaign_from_set_up_to_certificates(
    page, live_server, reference_data, screenshot
):
    base = live_server.url
    office = UserFactory(username="office", roles=["office"])
    members = [UserFactory(username=f"committee{i}", roles=["committee"]) for i in (1, 2, 3)]
    experts = []
    for i in (1, 2):
        expert = UserFactory(username=f"expert{i}", first_name=f"专家{i}", roles=["expert"])
        ExpertProfile.objects.create(user=expert, organization=OrganizationFactory(name=f"高校{i}"))
        experts.append(expert)
    assert office.pk

    # 1. Set-up: the campaign form, then the dashboard names what blocks publishing the call.
    login(page, base, "office")
    page.goto(base + reverse("workflow:office_home"))
    page.click("text=新建评选活动")
    page.select_option("#id_award_type", label="智慧工匠")
    page.fill("#id_year", "2040")
    page.fill("#id_title", "2040年度“智慧工匠”选树")
    page.fill("#id_call_text", "请符合条件的技术人员申报。")
    opens = timezone.localtime() - datetime.timedelta(hours=1)
    closes = timezone.localtime() + datetime.timedelta(days=10)
    page.fill("#id_opens_at", opens.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_closes_at", closes.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_quota", "1")
    page.fill("#id_nomination_quota", "1")
    page.fill("#id_shortlist_size", "3")
    page.fill("#id_min_composite_score", "60")
    page.uncheck("#id_public_input_enabled")
    page.fill("#id_weight_onsite", "70")
    page.fill("#id_weight_public", "0")
    page.click("main button:has-text('保存')")
    expect(page.locator("#phase")).to_have_text("筹备")
    expect(page.locator("#why-open")).to_contain_text("第十四条：发布申报通知前须设定：专家评议组。")
    campaign = Campaign.objects.get(year=2040)
    screenshot("office-01-dashboard-draft")

    # 2. Panels: one panel for the first domain, two experts, the first chairs it.
    domain = campaign.award_type.tech_domains.order_by("order").first()
    page.click(".subnav >> text=专家评议组")
    page.fill("#panel-name", "物联感知组")
    page.check(f"#dom-{domain.pk}")
    page.click("main button:has-text('组建')")
    panel = campaign.panels.get()
    page.select_option(f"#expert-{panel.pk}", value=str(experts[0].pk))
    page.check(f"#chair-{panel.pk}")
    page.click(f"#panel-{panel.pk} button:has-text('加入')")
    page.select_option(f"#expert-{panel.pk}", value=str(experts[1].pk))
    page.click(f"#panel-{panel.pk} button:has-text('加入')")
    expect(page.locator(f"#panel-{panel.pk} .chair")).to_have_count(1)

    # 2b. The committee approves the rules before the call is published (第八条（二）).
    page.click(".subnav >> text=概览")
    expect(page.locator("#why-open")).to_contain_text("第八条（二）")
    page.goto(base + reverse("workflow:campaign_edit", args=[campaign.pk]))
    page.click("#propose-rules")
    expect(page.locator("#proposed-rules")).to_contain_text("材料评议权重")
    rules_url = page.url
    logout(page)
    for member in members[:2]:
        login(page, base, member.username)
        page.goto(base + reverse("workflow:committee_home"))
        page.click("#pending-decisions >> text=审议评议规则")
        page.check("#choice-approve")
        page.click("button:has-text('提交表决')")
        expect(page.locator(".messages")).to_contain_text("您的表决已记录")
        logout(page)
    login(page, base, "office")
    page.goto(rules_url)
    page.fill("#document_number", "沪智城〔2040〕0号")
    page.click("button:has-text('结束表决并计票')")
    confirm(page)
    expect(page.locator("#decision-result")).to_have_text("通过")

    # 2c. The committee adopts its own standing rules (议事规则, decisions 201): a member proposes them on the
    # committee's page, where the rules in force are shown in words; the first adoption counts under 第八条's default.
    logout(page)
    login(page, base, members[0].username)
    page.goto(base + reverse("workflow:committee_home"))
    page.click(f"#standing-rules-links >> text={campaign.title}")
    expect(page.locator("#standing-rules-default")).to_contain_text("尚未由组委会表决通过")
    expect(page.locator("#standing-words")).to_contain_text("过半数委员参加表决")
    page.fill("#id_committee_quorum", "0")
    page.fill("#id_committee_majority_percent", "60")
    page.click("#standing-rules-propose button:has-text('提请表决')")
    expect(page.locator("#proposed-standing-words")).to_contain_text(
        "过半数委员参加表决（现有委员 3 人，即至少 2 人）"
    )
    expect(page.locator("#proposed-standing-words")).to_contain_text("超过参加表决委员（含弃权）的 60%")
    expect(page.locator("#standing-rules-applied")).to_contain_text("超过参加表决委员（含弃权）的 50%")
    standing_url = page.url
    for member in members:
        if member != members[0]:
            logout(page)
            login(page, base, member.username)
            page.goto(standing_url)
        page.check("#choice-approve")
        page.click("button:has-text('提交表决')")
        expect(page.locator(".messages")).to_contain_text("您的表决已记录")
    logout(page)
    login(page, base, "office")
    page.goto(standing_url)
    page.fill("#document_number", "沪智城〔2040〕00号")
    page.click("button:has-text('结束表决并计票')")
    confirm(page)
    expect(page.locator("#decision-result")).to_have_text("通过")
    campaign.refresh_from_db()
    assert (campaign.committee_quorum, campaign.committee_majority_percent) == (0, 60)
    page.goto(base + reverse("workflow:campaign_dashboard", args=[campaign.pk]))

    # 3. Publish the call; the public call page exists.
    dashboard_action(page, "发布申报通知，开始申报")
    expect(page.locator("#phase")).to_have_text("申报")
    page.goto(base + reverse("workflow:call", args=[campaign.pk]))
    expect(page.locator("main")).to_contain_text("请符合条件的技术人员申报。")

    # Applicants submit (their pages are tested elsewhere).
    names = ["甲", "乙", "丙"]
    for name in names:
        app = complete_application(campaign=campaign, name=name, tech_domain=domain)
        application_transition(application=app, action="submit", user=app.applicant)
    page.goto(base + reverse("workflow:campaign_dashboard", args=[campaign.pk]))
    expect(page.locator("#why-close_applications")).to_contain_text("申报截止时间")
    # time passes: the opened window is frozen (awards/frozen.py), so the test moves it through the plan's path
    with frozen.sanctioned_change(frozen.PLAN, "test: the deadline passes"):
        Campaign.objects.filter(pk=campaign.pk).update(
            closes_at=timezone.now() - datetime.timedelta(minutes=1)
        )
    page.reload()
    dashboard_action(page, "申报截止，开始资格审查")
    expect(page.locator("#phase")).to_have_text("资格审查")
    expect(page.locator('tr[data-state="submitted"]')).to_contain_text("3")
    expect(page.locator("#why-start_material_review")).to_contain_text("还有 3 份申报未作出资格审查结论")

    # 4. Eligibility: the first one by hand (checklist, then decision), the other two in bulk.
    page.click(".subnav >> text=资格审查")
    expect(page.locator("#queue-count")).to_contain_text("共 3 份申报")
    page.click("#eligibility-queue >> text=甲")
    for check in ("basic_conditions_ok", "complete_ok", "authentic_ok", "person_credit_ok", "unit_credit_ok"):
        page.select_option(f"#id_review-{check}", "yes")
    page.click("button:has-text('保存审查清单')")
    page.check("#id_decision-decision_0")
    page.click("button:has-text('提交结论')")
    confirm(page)
    expect(page.locator(".messages")).to_contain_text("资格审查合格，编号 ZHGJ-2040-001")
    for name in ("乙", "丙"):
        page.click(f"#eligibility-queue >> text={name}")
        for check in (
            "basic_conditions_ok",
            "complete_ok",
            "authentic_ok",
            "person_credit_ok",
            "unit_credit_ok",
        ):
            page.select_option(f"#id_review-{check}", "yes")
        page.click("button:has-text('保存审查清单')")
        page.click("text=← 资格审查")
    for name in ("乙", "丙"):
        app_id = campaign.applications.get(name=name).pk
        page.check(f"#sel-{app_id}")
    page.click("button:has-text('下一步：确认')")
    expect(page.locator("#bulk-summary")).to_contain_text("将对以下 2 份申报执行“批量确认资格审查合格”")
    page.click("button:has-text('确认执行')")
    expect(page.locator(".messages")).to_contain_text("已批量处理 2 份申报")

    # 5. Assignment by domain; material review; compute; shortlist.
    page.click(".subnav >> text=专家评议组")
    page.click("button:has-text('按技术领域自动分配')")
    expect(page.locator("#assign-summary")).to_contain_text("已分配 3 份，未分配 0 份")
    page.click(".subnav >> text=概览")
    dashboard_action(page, "资格审查完毕，开始材料评议")
    expect(page.locator("#phase")).to_have_text("材料评议")
    page.click(".subnav >> text=材料评议")
    expect(page.locator("#sheets-total")).to_contain_text("已提交 0 / 应提交 6 张评分表")
    score_all(campaign, "material", {"甲": 80, "乙": 70, "丙": 60})
    page.reload()
    expect(page.locator("#sheets-total")).to_contain_text("已提交 6 / 应提交 6 张评分表")
    page.click("button:has-text('计算评议组得分')")
    expect(page.locator("#results")).to_contain_text("80.500")
    page.click("button:has-text('确定入围名单')")
    confirm(page)
    expect(page.locator(".messages")).to_contain_text("入围 3 人，未入围 0 人")
    finalists = list(campaign.applications.select_related("applicant").order_by("number"))
    # 第十七条 (issue 23.5): the office's proposal mails no candidate; the panel decides first.
    assert all(mails_to(app, "入围现场展示") == 0 for app in finalists)

    # 5a. 第十七条: the panel's chair confirms the shortlist on the panel's page.
    page.click(".subnav >> text=概览")
    expect(page.locator("#next-phase")).to_contain_text("组长尚未确认当前的入围名单")
    logout(page)
    login(page, base, "expert1")
    page.goto(f"{base}{reverse('scoring:panel_results', args=[panel.pk, 'material'])}")
    page.click("#shortlist-form button[type=submit]")
    expect(page.locator("#shortlist-confirmed")).to_be_visible()
    logout(page)
    login(page, base, "office")
    page.goto(f"{base}{reverse('workflow:campaign_dashboard', args=[campaign.pk])}")

    assert all(
        mails_to(app, "入围现场展示") == 0 for app in finalists
    )  # the chair's confirmation alone: none

    # 6. On-site: schedule, send, score, compute.
    dashboard_action(page, "材料评议完毕，开始现场展示")
    # Material review closed on the panels' confirmed list: each candidate hears it once, and no schedule yet.
    assert all(mails_to(app, "入围现场展示") == 1 for app in finalists)
    assert all(mails_to(app, "现场展示安排") == 0 for app in finalists)
    page.click(".subnav >> text=现场展示")
    for order, app in enumerate(campaign.applications.order_by("number"), start=1):
        page.fill(f"#date-{app.pk}", "2040-06-03")
        page.fill(f"#room-{app.pk}", "301会议室")
        page.fill(f"#order-{app.pk}", str(order))
        page.fill(f"#slot-{app.pk}", f"09:{order}0")
    page.click("button:has-text('保存安排')")
    page.click("button:has-text('通知入围者和专家')")
    confirm(page)
    expect(page.locator(".messages")).to_contain_text("已向 3 位入围者及评议组专家发送现场展示安排")
    assert all(mails_to(app, "现场展示安排") == 1 for app in finalists)  # one mail, on the event
    score_all(campaign, "onsite", {"甲": 85, "乙": 75, "丙": 55})
    page.click("button:has-text('计算评议组得分')")
    page.click(".subnav >> text=概览")
    dashboard_action(page, "开始综合评价")
    expect(page.locator("#phase")).to_have_text("综合评价")

    # 7. Ranking: ranks, the quota line, the minimum line, then apply the lists.
    page.click(".subnav >> text=综合排名")
    page.click("button:has-text('计算综合排名')")
    rows = page.locator("#ranking-table tbody tr[data-rank]")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("甲")
    expect(rows.nth(0)).to_contain_text("85.500")
    expect(page.locator("#quota-line")).to_contain_text("名额线（1 人）")
    expect(page.locator("#minimum-line")).to_contain_text("最低综合得分线（60.00）")
    page.locator("#ranking-table details").first.click()
    expect(page.locator("#ranking-table .why").first).to_contain_text(
        "现场展示：各专家总分 85、86，取平均 = 85.500"
    )
    screenshot("office-02-ranking")
    page.click("button:has-text('按排名形成建议名单和提名名单')")
    confirm(page)
    expect(page.locator(".messages")).to_contain_text("建议名单 1 人，提名 1 人，未列入 1 人")

    # 8. The committee confirms the recommended list.
    page.click(".subnav >> text=组委会表决")
    page.select_option("#kind", "confirm_recommended")
    page.click("button:has-text('提请表决')")
    decision_url = page.url
    logout(page)
    for member in members[:2]:
        login(page, base, member.username)
        page.goto(base + reverse("workflow:committee_home"))
        expect(page.locator("#pending-decisions")).to_contain_text("审核确认建议名单")
        page.click("#pending-decisions >> text=审核确认建议名单")
        expect(page.locator("#evidence-list")).to_contain_text("甲")
        page.check("#choice-approve")
        page.fill("#comment", "同意")
        page.click("button:has-text('提交表决')")
        expect(page.locator(".messages")).to_contain_text("您的表决已记录")
        logout(page)
    login(page, base, "office")
    page.goto(decision_url)
    expect(page.locator("#tally-text")).to_contain_text("已表决 2 人 / 法定人数 2 人（委员 3 人）")
    page.fill("#document_number", "沪智城〔2040〕1号")
    page.click("button:has-text('结束表决并计票')")
    confirm(page)
    expect(page.locator("#decision-result")).to_have_text("通过")

    # 9. Publicity: open, blocked closing, units confirm, close when the calendar allows.
    page.goto(base + reverse("workflow:publicity", args=[campaign.pk]))
    page.click("main button:has-text('开始公示')")
    confirm(page)
    expect(page.locator("#period")).to_contain_text("（5 个工作日）")
    expect(page.locator("#close-publicity")).to_contain_text("期满前不能结束公示")
    expect(page.locator("#close-publicity")).to_contain_text("未确认内部公示")
    page.goto(base + reverse("workflow:public_publicity", args=[campaign.pk]))
    expect(page.locator("#publicity-list")).to_contain_text("甲")
    past = timezone.localdate() - datetime.timedelta(days=20)
    Publicity.objects.filter(campaign=campaign).update(
        starts_on=past, ends_on=past + datetime.timedelta(days=7)
    )
    UnitNotice.objects.filter(publicity__campaign=campaign).update(
        posted_on=past, place="公告栏", confirmed_at=timezone.now()
    )
    page.goto(base + reverse("workflow:publicity", args=[campaign.pk]))
    expect(page.locator("#unit-notices")).to_contain_text("已确认")
    page.click("#close-publicity button:has-text('结束公示')")
    confirm(page)
    expect(page.locator(".messages")).to_contain_text("公示已结束。下一步：在本页提请组委会表决")

    # 10. The committee decides the final list; the honors are granted (closing led to the decisions page).
    assert page.url.endswith(reverse("workflow:office_decisions", args=[campaign.pk]))
    page.select_option("#kind", "final_list")
    page.click("button:has-text('提请表决')")
    decision_url = page.url
    logout(page)
    for member in members:
        login(page, base, member.username)
        page.goto(decision_url)
        page.check("#choice-approve")
        page.click("button:has-text('提交表决')")
        logout(page)
    login(page, base, "office")
    page.goto(decision_url)
    page.fill("#document_number", "沪智城〔2040〕2号")
    page.click("button:has-text('结束表决并计票')")
    confirm(page)
    expect(page.locator("#decision-result")).to_have_text("通过")
    page.goto(base + reverse("workflow:campaign_dashboard", args=[campaign.pk]))
    dashboard_action(page, "发文公布名单，颁发证书")
    expect(page.locator("#phase")).to_have_text("表彰")

    # 11. Certificates, one by one and as a zip with a progress page; the public final list.
    page.click(".subnav >> text=表彰与证书")
    expect(page.locator("#honors")).to_contain_text("ZHGJ-2040-001")
    with page.expect_download() as download:
        page.click("#honors >> text=PDF >> nth=0")
    assert download.value.suggested_filename.endswith(".pdf")
    page.click("#batch-certificates")
    expect(page.locator("#job-status")).to_contain_text("已完成")
    expect(page.locator("#job-bar")).to_have_attribute("value", "100")
    with page.expect_download() as download:
        page.click("#job-download")
    assert re.match(r"certificates-2040\.zip", download.value.suggested_filename)
    page.goto(base + reverse("workflow:public_results", args=[campaign.pk]))
    expect(page.locator("#results-list")).to_contain_text("甲")
    screenshot("office-03-results")

    # 12. Archive (第三十一条); the 公示 stays the record of who was publicised (issue 23.2).
    page.goto(base + reverse("workflow:campaign_dashboard", args=[campaign.pk]))
    dashboard_action(page, "活动结束，归档")
    expect(page.locator("#phase")).to_have_text("归档")
    page.goto(base + reverse("workflow:public_publicity", args=[campaign.pk]))
    for name in ("甲", "乙"):
        expect(page.locator("main")).to_contain_text(name)
    screenshot("office-04-archived-publicity")
