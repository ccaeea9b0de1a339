"""Browser tests (Playwright, Debian Chromium): a unit's recommendation invitation accepted by the applicant
(issue 10, defect 1) and the objection receipt page after a successful filing (issue 13, item 9)."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import Application, Campaign, RecommendationInvitation
from tests.e2e.browser import login
from tests.factories import OrganizationFactory, user_with_role
from workflow.models import Objection, Publicity

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def logout(page):
    page.click("header button:has-text('退出')")


def test_a_unit_invites_an_existing_applicant_who_accepts_on_me(
    page, live_server, reference_data, screenshot
):
    from tests.awards.applicant_support import open_campaign

    base = live_server.url
    campaign = open_campaign("craftsman")
    unit = OrganizationFactory(name="上海城市数据有限公司")
    staff = user_with_role("recommender", username="unit-e2e")
    unit.staff.add(staff)
    person = user_with_role("applicant", username="chenjing-e2e", email="chenjing@example.cn")

    login(page, base, "unit-e2e", next_path="/recommender/")
    page.select_option("#id_campaign", str(campaign.pk))
    page.fill("#id_name", "陈静")
    page.fill("#id_email", "chenjing@example.cn")
    page.click("button:has-text('发出推荐邀请')")
    expect(page.locator(".messages")).to_contain_text("已向 陈静（chenjing@example.cn）发出推荐邀请")
    expect(page.locator("main")).to_contain_text("待申报人确认")
    assert not Application.objects.filter(applicant=person).exists()
    logout(page)

    login(page, base, "chenjing-e2e", next_path="/me/")
    invitations = page.locator("#invitations")
    expect(invitations).to_contain_text("上海城市数据有限公司 邀请您参加")
    invitations.locator("a:has-text('查看并答复')").click()
    expect(page.locator("main")).to_contain_text("接受后，该单位将作为您的推荐机构")
    screenshot("invitation-page")
    page.click("button:has-text('接受推荐')")
    expect(page.locator("h1")).to_contain_text("“智慧工匠”申报表")
    expect(page.locator(".messages")).to_contain_text("已接受上海城市数据有限公司的推荐")
    app = Application.objects.get(applicant=person)
    assert app.recommender == unit and app.route == Application.Route.UNIT
    assert RecommendationInvitation.objects.get().status == RecommendationInvitation.Status.ACCEPTED
    logout(page)

    login(page, base, "unit-e2e", next_path="/recommender/")
    expect(page.locator(f'tr[data-application="{app.pk}"]')).to_contain_text("陈静")
    expect(
        page.locator(f'tr[data-invitation="{RecommendationInvitation.objects.get().pk}"]')
    ).to_contain_text("已接受")


def test_after_filing_an_objection_the_receipt_shows_and_a_reload_files_nothing(
    page, live_server, reference_data, screenshot
):
    from tests.workflow.office.builders import campaign_in, candidate

    base = live_server.url
    campaign = campaign_in(Campaign.Phase.PUBLICITY)
    app = candidate(campaign, name="王芳", state=Application.State.RECOMMENDED)
    today = timezone.localdate()
    Publicity.objects.create(campaign=campaign, starts_on=today, ends_on=today)

    page.goto(base + reverse("workflow:public_publicity", args=[campaign.pk]))
    page.click("#objection-link")  # the form is on its own page, the list is cached (decisions 361)
    form = page.locator("#objection-form")
    form.locator("#id_application").select_option(str(app.pk))
    form.locator("#id_objector_name").fill("李四")
    form.locator("#id_objector_id_or_contact").fill("13900001111")
    form.locator("#id_content").fill("其代表性成果并非本人完成。")
    form.locator("button[type=submit]").click()

    expect(page.locator("h1")).to_have_text("异议已提交")
    expect(page.locator("#objection-receipt")).to_contain_text("王芳")
    expect(page.locator("#objection-form")).to_have_count(0)
    screenshot("objection-receipt")
    page.reload()
    expect(page.locator("h1")).to_have_text("异议已提交")
    page.click("a:has-text('返回公示名单')")
    expect(page.locator("#publicity-list")).to_contain_text("王芳")
    assert Objection.objects.count() == 1
