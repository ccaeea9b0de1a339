"""Browser test (Playwright, Debian Chromium): a self-recommended 领军先锋 picks the employer by its unified social
credit code, cannot submit until the employer wrote 所在单位推荐意见 (附件1 二), the employer's account writes it on
its own page, then the applicant submits."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import Application, Organization
from tests.e2e.browser import login
from tests.factories import ApplicationFactory, OrganizationFactory, UserFactory, add_rows_and_files

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def logout(page):
    page.click("header button:has-text('退出')")


def test_a_self_recommended_pioneer_gets_the_employers_opinion_and_submits(page, live_server, reference_data):
    from tests.awards.applicant_support import open_campaign

    base = live_server.url
    employer = OrganizationFactory(name="上海数智城市运营有限公司")
    OrganizationFactory(name="上海另一家公司")
    unit_account = UserFactory(username="shuzhi-hr", roles=["recommender"])
    employer.staff.add(unit_account)
    app = ApplicationFactory(
        campaign=open_campaign("pioneer"), employer=None, unit_name="上海数智城市运营有限公司", name="陈领航"
    )
    add_rows_and_files(app)

    # The applicant picks the employer by its credit code (个人自荐) and tries to submit.
    login(page, base, app.applicant.username, next_path=reverse("awards:application_edit", args=[app.pk]))
    expect(page.locator("#id_employer_name")).to_have_attribute("list", "employer-options")
    page.fill("#id_employer_name", "")
    page.fill("#id_employer_credit_code", employer.credit_code)
    page.check("#id_route_0")
    page.click("button[name=review]")
    expect(page.locator("#unit-opinion-pending")).to_contain_text("所在单位尚未填写推荐意见")
    page.click("#submit-application")
    expect(page.locator("#refused")).to_contain_text("所在单位“上海数智城市运营有限公司”尚未填写推荐意见")
    app.refresh_from_db()
    assert app.employer == employer and app.unit_name == "上海数智城市运营有限公司"
    assert app.route == Application.Route.SELF and app.state == Application.State.DRAFT
    logout(page)

    # The employer's account writes 所在单位推荐意见 on its own page.
    login(page, base, "shuzhi-hr", next_path=reverse("awards:recommender_home"))
    row = page.locator(f"tr[data-application='{app.pk}']")
    expect(row).to_contain_text("陈领航")
    row.locator("a:has-text('填写推荐意见')").click()
    page.fill("#id_unit_contact", "人力资源部 李老师 021-64001234")
    page.fill("#id_unit_opinion", "该同志带领团队建成城市运行管理平台，工作业绩突出，申报材料真实。")
    page.fill("#id_unit_responsible", "王总")
    page.fill("#id_unit_opinion_date", timezone.localdate().isoformat())
    page.click("button:has-text('保存推荐意见')")
    expect(page.locator(".messages")).to_contain_text("推荐意见已保存")
    logout(page)

    # The applicant submits.
    login(page, base, app.applicant.username, next_path=reverse("awards:application_review", args=[app.pk]))
    page.click("#submit-application")
    expect(page.locator("#state")).to_have_text("资格审查中")
    app.refresh_from_db()
    assert app.state == Application.State.SUBMITTED and app.unit_opinion_by == unit_account
    assert not Organization.objects.filter(needs_confirmation=True).exists()
