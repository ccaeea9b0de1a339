"""Browser tests of the applicant's journey (Playwright, Debian Chromium, live_server)."""

import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from awards.models import Application, Campaign
from tests.awards.applicant_support import jpeg_bytes, pdf_bytes
from tests.e2e.browser import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Zhihui-Gongjiang-2026"


@pytest.fixture
def craftsman_campaign(reference_data):
    from tests.awards.applicant_support import open_campaign

    return open_campaign("craftsman")


def logout(page):
    page.click("header button:has-text('退出')")


def test_new_applicant_registers_fills_over_two_sessions_fixes_errors_submits_and_downloads(
    page, live_server, craftsman_campaign, screenshot, tmp_path
):
    base = live_server.url
    # Register and confirm the email address.
    page.goto(f"{base}/accounts/register/")
    page.fill("#id_username", "chenjing")
    page.fill("#id_email", "chenjing@example.cn")
    page.fill("#id_phone", "13912345678")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    screenshot("applicant-register")
    page.click("button:has-text('注册')")
    expect(page.locator("main")).to_contain_text("确认邮件已发送至 chenjing@example.cn")
    link = re.search(r"http://\S+/accounts/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    expect(page.locator(".messages")).to_contain_text("邮箱已确认")

    # Session 1: start the craftsman form, fill the personal part, save, log out.
    login(page, base, "chenjing", PASSWORD, next_path=reverse("awards:my_applications"))
    page.click(f"form[action$='/campaigns/{craftsman_campaign.pk}/apply/'] button")
    expect(page.locator("h1")).to_contain_text("“智慧工匠”申报表")
    page.check("#id_tech_domain_0")
    page.select_option("#id_industry_subcategory", index=1)
    page.fill("#id_name", "陈静")
    page.fill("#id_resident_id", "310104198506150018")  # wrong check digit (should end in 5)
    page.check("#id_gender_1")
    page.select_option("#id_political_status", "13")
    page.select_option("#id_title_level", "intermediate")
    page.select_option("#id_education", "21")
    page.fill("#id_employer_name", "上海城市数据有限公司")
    page.fill("#id_position", "数据平台负责人")
    page.fill("#id_years_in_industry", "8")
    page.fill("#id_years_in_post", "6")
    page.check("#id_direct_technical_work")
    page.check("#id_union_member_0")
    page.fill("#id_phone", "1391234")  # too short
    page.fill("#id_unit_address", "上海市静安区江场路1号")
    page.fill("#id_unit_postcode", "20007")  # five digits
    page.fill("#id_section_basic", "负责全市公共数据平台的建设与运维。")
    expect(page.locator("#achievements-counter [data-count]")).to_have_text("17")
    screenshot("applicant-form")
    page.click("button[name=save]")

    # Three validation errors, listed with links; the rest is saved.
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("有 3 处需要修改（其余内容已保存）")
    expect(summary).to_contain_text("身份证号校验位错误：最后一位应为 5，请核对号码。")
    expect(summary).to_contain_text("联系电话格式不正确")
    expect(summary).to_contain_text("邮编应为6位数字。")
    screenshot("applicant-form-errors")
    summary.locator("a[href='#id_phone']").click()
    expect(page.locator("#id_phone")).to_be_focused()
    saved = Application.objects.get(applicant__username="chenjing")
    assert saved.name == "陈静" and saved.unit_name == "上海城市数据有限公司"
    assert saved.phone == "13912345678"  # the refused phone did not replace the one given at registration
    logout(page)

    # Session 2: the draft is there; fix the errors, add rows and files.
    login(page, base, "chenjing", PASSWORD, next_path=reverse("awards:my_applications"))
    page.click("a:has-text('继续填写')")
    expect(page.locator("#id_name")).to_have_value("陈静")
    page.fill("#id_resident_id", "310104198506150015")
    page.fill("#id_phone", "13912345678")
    page.fill("#id_unit_postcode", "200072")
    page.fill("#id_email", "chenjing@example.cn")
    page.fill("#id_section_second", "坚持精益求精，推动数据治理标准化。")
    page.fill("#id_section_third", "主持建设数据共享交换平台，获市科技进步奖。")
    page.fill("#id_representative_achievements", "数据共享交换平台（2023年上线）。")
    page.fill("#id_edu-0-start", "2000-09-01")
    page.fill("#id_edu-0-end", "2003-07-01")
    page.fill("#id_edu-0-school", "上海市市西中学")
    page.fill("#id_work-0-start", "2010-07-01")
    page.fill("#id_work-0-employer", "上海城市数据有限公司")
    page.check("#id_integrity_declared")
    photo, evidence = tmp_path / "photo.jpg", tmp_path / "evidence.pdf"
    photo.write_bytes(jpeg_bytes())
    evidence.write_bytes(pdf_bytes(4))
    page.set_input_files("#id_photo", str(photo))
    page.set_input_files("#id_evidence", str(evidence))
    expect(page.locator("#photo-ratio")).to_contain_text("3:4")
    page.click("button[name=review]")

    # Review and submit.
    expect(page.locator("#complete")).to_contain_text("申报表各项已填写完整。")
    screenshot("applicant-review")
    page.click("#submit-application")
    expect(page.locator("#state")).to_have_text("资格审查中")
    expect(page.locator(".timeline")).to_contain_text("已提交，资格审查中")
    screenshot("applicant-status")

    # Download the PDF and read it back.
    with page.expect_download() as download_info:
        page.click("#download-pdf")
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(open(download_info.value.path(), "rb").read()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "陈静" in text and len(reader.pages) <= 20


def test_an_expired_session_loses_nothing_typed(page, live_server, reference_data):
    from tests.awards.applicant_support import open_campaign
    from tests.factories import ApplicationFactory

    app = ApplicationFactory(campaign=open_campaign())
    base = live_server.url
    login(
        page,
        base,
        app.applicant.username,
        "demo-pass-2026",
        next_path=reverse("awards:application_edit", args=[app.pk]),
    )
    expect(page.locator("#application-form[data-ready='1']")).to_be_attached()
    page.context.clear_cookies()  # the session expires while the applicant types
    page.fill("#id_section_third", "这段文字是在会话过期后输入的，不能丢失。")
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("登录已过期", timeout=10000)
    status.locator("a:has-text('重新登录')").click()
    page.fill("#id_username", app.applicant.username)
    page.fill("#id_password", "demo-pass-2026")
    page.click("button[type=submit]:has-text('登录')")
    expect(page.locator("#restore-notice")).to_contain_text("已恢复您在本机暂存")
    expect(page.locator("#id_section_third")).to_have_value("这段文字是在会话过期后输入的，不能丢失。")
    expect(status).to_contain_text("已自动保存", timeout=10000)
    app.refresh_from_db()
    assert app.section_third == "这段文字是在会话过期后输入的，不能丢失。"


def test_pioneer_is_blocked_until_the_unit_gives_its_opinion(page, live_server, reference_data, screenshot):
    from tests.awards.applicant_support import open_campaign
    from tests.factories import OrganizationFactory, complete_application, user_with_role

    org = OrganizationFactory(name="上海智城科技有限公司")
    staff = user_with_role("recommender", username="unitstaff")
    org.staff.add(staff)
    app = complete_application(campaign=open_campaign("pioneer"), employer=org)
    Application.objects.filter(pk=app.pk).update(
        unit_opinion="", unit_responsible="", unit_contact="", unit_opinion_date=None
    )
    base = live_server.url
    login(
        page,
        base,
        app.applicant.username,
        "demo-pass-2026",
        next_path=reverse("awards:application_review", args=[app.pk]),
    )
    expect(page.locator("#unit-opinion-pending")).to_be_visible()
    page.click("#submit-application")
    expect(page.locator("#refused")).to_contain_text(
        "领军先锋申报表二：所在单位“上海智城科技有限公司”尚未填写推荐意见，不能提交。"
    )
    logout(page)

    login(page, base, "unitstaff", "demo-pass-2026", next_path=reverse("awards:recommender_home"))
    page.click("a:has-text('填写推荐意见')")
    page.fill("#id_unit_contact", "李老师 021-64001234 hr@example.cn")
    page.fill("#id_unit_opinion", "该同志带领团队完成城市运行管理平台建设，申报材料真实。")
    page.fill("#id_unit_responsible", "王总")
    page.fill("#id_unit_opinion_date", "2026-03-01")
    screenshot("recommender-opinion")
    page.click("button:has-text('保存推荐意见')")
    expect(page.locator(".messages")).to_contain_text("推荐意见已保存。")
    logout(page)

    login(
        page,
        base,
        app.applicant.username,
        "demo-pass-2026",
        next_path=reverse("awards:application_review", args=[app.pk]),
    )
    page.click("#submit-application")
    expect(page.locator("#state")).to_have_text("资格审查中")


def test_a_returned_application_is_corrected_and_resubmitted(page, live_server, reference_data, screenshot):
    from tests.awards.applicant_support import open_campaign
    from tests.factories import complete_application, user_with_role
    from workflow.services.transitions import application_transition

    app = complete_application(campaign=open_campaign())
    application_transition(application=app, action="submit", user=app.applicant)
    application_transition(
        application=app,
        action="return_for_supplement",
        user=user_with_role("office"),
        reason="请补充职称名称。",
    )
    base = live_server.url
    login(
        page,
        base,
        app.applicant.username,
        "demo-pass-2026",
        next_path=reverse("awards:application_detail", args=[app.pk]),
    )
    expect(page.locator("#supplement")).to_contain_text("请补充职称名称。")
    expect(page.locator(".timeline")).to_contain_text("需补正：请补充职称名称。")
    screenshot("applicant-returned")
    page.click("a:has-text('修改并补正')")
    expect(page.locator("#supplement")).to_be_visible()
    page.fill("#id_title_name", "高级工程师（信息系统）")
    page.click("button[name=review]")
    page.click("#submit-application")
    expect(page.locator("#state")).to_have_text("资格审查中")
    app.refresh_from_db()
    assert app.state == Application.State.SUBMITTED and app.title_name == "高级工程师（信息系统）"


def test_the_form_fits_a_375_pixel_phone_screen(page, live_server, reference_data, screenshot):
    from tests.awards.applicant_support import open_campaign
    from tests.factories import ApplicationFactory

    app = ApplicationFactory(campaign=open_campaign())
    page.set_viewport_size({"width": 375, "height": 800})
    login(
        page,
        live_server.url,
        app.applicant.username,
        "demo-pass-2026",
        next_path=reverse("awards:application_edit", args=[app.pk]),
    )
    expect(page.locator("#application-form")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot("applicant-form-phone")
    assert Campaign.objects.count() == 1
