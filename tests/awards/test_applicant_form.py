"""The application form in the browser: drafts, validation messages, nothing saved is ever lost."""

import pytest
from django.urls import reverse

from awards.models import Application
from tests.awards.applicant_support import form_data, open_campaign
from tests.factories import ApplicationFactory, make_resident_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def application():
    return ApplicationFactory(campaign=open_campaign())


@pytest.fixture
def client_of(client):
    def login(application):
        client.force_login(application.applicant)
        return client

    return login


def edit(client, application, **overrides):
    return client.post(
        reverse("awards:application_edit", args=[application.pk]), form_data(application, **overrides)
    )


def test_applicant_starts_one_draft_per_campaign(client):
    from tests.factories import user_with_role

    campaign = open_campaign()
    user = user_with_role("applicant")
    client.force_login(user)
    first = client.post(reverse("awards:application_start", args=[campaign.pk]))
    second = client.post(reverse("awards:application_start", args=[campaign.pk]))
    app = Application.objects.get(applicant=user)
    assert first.url == second.url == reverse("awards:application_edit", args=[app.pk])
    assert app.state == Application.State.DRAFT and app.email == user.email


def test_edit_page_shows_the_honors_section_labels_and_limits(client_of, application):
    response = client_of(application).get(reverse("awards:application_edit", args=[application.pk]))
    html = response.content.decode()
    assert "（二）精神特质" in html and "（三）技术/技能水平" in html
    assert "不超过 10 页" in html and "2.0\xa0MB" in html
    assert 'data-counted="achievements"' in html


def test_pioneer_form_offers_five_domains_the_management_and_the_post_years(client):
    app = ApplicationFactory(campaign=open_campaign("pioneer"))
    client.force_login(app.applicant)
    html = client.get(reverse("awards:application_edit", args=[app.pk])).content.decode()
    assert html.count('name="tech_domain"') == 5
    # 现岗位或相似岗位工作年限 is a row of the pioneer's annex form too (issue 13 item 10)
    assert 'name="years_in_management"' in html and 'name="years_in_post"' in html
    assert "（三）团队方面" in html


def test_saving_a_partial_draft_keeps_what_was_typed(client_of, application):
    response = edit(
        client_of(application), application, name="李小明", position="", social_posts="上海市物联网协会理事"
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.name == "李小明" and application.social_posts == "上海市物联网协会理事"


def test_wrong_resident_id_checksum_is_refused_and_the_saved_id_kept(client_of, application):
    good = application.resident_id
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    response = edit(client_of(application), application, resident_id=bad, name="王新名")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"身份证号校验位错误：最后一位应为 {good[17]}，请核对号码。" in html
    assert 'href="#id_resident_id"' in html and bad in html  # the typed value stays in the field
    application.refresh_from_db()
    assert application.resident_id == good and application.name == "王新名"


def test_resident_id_with_impossible_birth_date_is_refused(client_of, application):
    first17 = "31010419850230001"
    from awards.validators import resident_id_check_digit

    bad = first17 + resident_id_check_digit(first17)
    html = edit(client_of(application), application, resident_id=bad).content.decode()
    assert "身份证号中的出生日期 19850230 不存在。" in html
    application.refresh_from_db()
    assert application.resident_id != bad


def test_bad_phone_is_refused_and_the_saved_phone_kept(client_of, application):
    html = edit(client_of(application), application, phone="12345").content.decode()
    assert "联系电话格式不正确：请填写11位手机号或带区号的固定电话（如 021-12345678）。" in html
    application.refresh_from_db()
    assert application.phone == "13812345678"


def test_bad_email_is_refused_and_the_saved_email_kept(client_of, application):
    saved = application.email
    html = edit(client_of(application), application, email="not-an-email").content.decode()
    assert "E-mail 格式不正确，例如 name@example.cn。" in html
    application.refresh_from_db()
    assert application.email == saved


def test_bad_postcode_is_refused_and_the_saved_postcode_kept(client_of, application):
    html = edit(client_of(application), application, unit_postcode="2002").content.decode()
    assert "邮编应为6位数字。" in html
    application.refresh_from_db()
    assert application.unit_postcode == "200233"


def test_three_errors_are_listed_together_with_links_and_other_fields_saved(client_of, application):
    html = edit(
        client_of(application), application, phone="1", unit_postcode="x", email="@", position="首席工程师"
    ).content.decode()
    assert "有 3 处需要修改（其余内容已保存）" in html
    for anchor in ("id_phone", "id_unit_postcode", "id_email"):
        assert f'href="#{anchor}"' in html
    application.refresh_from_db()
    assert application.position == "首席工程师"


def test_work_row_ending_before_it_starts_is_refused_and_no_row_saved(client_of, application):
    data = {
        "work-TOTAL_FORMS": "1",
        "work-0-start": "2015-03-01",
        "work-0-end": "2012-01-01",
        "work-0-employer": "上海某公司",
        "work-0-post": "工程师",
    }
    html = edit(client_of(application), application, **data).content.decode()
    assert "结束日期 2012-01-01 早于开始日期 2015-03-01，请检查。" in html
    assert application.work_entries.count() == 0


def test_education_rows_are_saved(client_of, application):
    data = {
        "edu-TOTAL_FORMS": "2",
        "edu-0-start": "2000-09-01",
        "edu-0-end": "2003-07-01",
        "edu-0-school": "上海市南洋模范中学",
        "edu-1-start": "2003-09-01",
        "edu-1-end": "2007-07-01",
        "edu-1-school": "同济大学",
        "edu-1-major": "通信工程",
    }
    assert edit(client_of(application), application, **data).status_code == 302
    assert list(application.education_entries.values_list("school", flat=True)) == [
        "上海市南洋模范中学",
        "同济大学",
    ]


def test_over_4000_characters_is_reported_but_the_text_is_kept(client_of, application):
    long = "智" * 2100  # over the 4,000 of the form, within the draft cap of 4,400 (docs/decisions.md)
    html = edit(client_of(application), application, section_basic=long, section_second=long).content.decode()
    total = 2100 * 2 + len(application.section_third)
    assert (
        f"主要工作成绩和突出贡献三部分合计限 4000 字，现为 {total} 字，请删减 {total - 4000} 字（已保存为草稿）。"
        in html
    )
    application.refresh_from_db()
    assert application.section_basic == long and application.section_second == long


def test_windows_line_breaks_count_as_one_character(client_of, application):
    edit(client_of(application), application, section_basic="第一行\r\n第二行")
    application.refresh_from_db()
    assert application.section_basic == "第一行\n第二行"


def test_autosave_answers_json_and_saves_valid_fields(client_of, application):
    client = client_of(application)
    response = client.post(
        reverse("awards:application_autosave", args=[application.pk]),
        form_data(application, section_third="自动保存的内容", phone="bad"),
    )
    body = response.json()
    assert response.status_code == 200
    assert body["problems"][0]["anchor"] == "id_phone"
    application.refresh_from_db()
    assert application.section_third == "自动保存的内容" and application.phone == "13812345678"


def test_autosave_after_the_session_expired_answers_401_with_the_login_link(client, application):
    response = client.post(
        reverse("awards:application_autosave", args=[application.pk]), form_data(application)
    )
    assert response.status_code == 401
    assert response.json()["login_url"] == reverse("login")
    assert "登录已过期" in response.json()["error"]


def test_applicant_cannot_open_someone_elses_form(client, application):
    other = ApplicationFactory(campaign=application.campaign, resident_id=make_resident_id(901))
    client.force_login(other.applicant)
    assert client.get(reverse("awards:application_edit", args=[application.pk])).status_code == 404
    assert client.get(reverse("awards:application_detail", args=[application.pk])).status_code == 404


def test_naming_a_recommender_clears_an_earlier_confirmation(client_of, application):
    from django.utils import timezone

    from tests.factories import OrganizationFactory

    first, second = OrganizationFactory(), OrganizationFactory()
    Application.objects.filter(pk=application.pk).update(
        route="unit", recommender=first, recommender_confirmed_at=timezone.now()
    )
    application.refresh_from_db()
    edit(client_of(application), application, recommender=second.pk)
    application.refresh_from_db()
    assert application.recommender_id == second.pk and application.recommender_confirmed_at is None


def test_unit_route_without_a_recommender_is_refused(client_of, application):
    html = edit(client_of(application), application, route="unit", recommender="").content.decode()
    assert "选择单位推荐或协会推荐时，请选择推荐机构。" in html
