"""资格审查 (第十六条) pages: queue, checklist, decisions, supplements, bulk with confirmation."""

import datetime

import pytest
from django.urls import reverse

from awards.models import Application, Campaign
from tests.factories import OrganizationFactory, user_with_role
from tests.workflow.office.builders import campaign_in, candidate, checked
from workflow.models import EligibilityReview, SupplementRequest

pytestmark = pytest.mark.django_db
S = Application.State
ALL_OK = {
    f"review-{k}": "yes"
    for k in ("basic_conditions_ok", "complete_ok", "authentic_ok", "person_credit_ok", "unit_credit_ok")
}


@pytest.fixture
def office_client(client):
    client.force_login(user_with_role("office"))
    return client


@pytest.fixture
def campaign():
    return campaign_in(Campaign.Phase.ELIGIBILITY)


def test_queue_flags_a_threshold_problem_and_a_missing_checklist(office_client, campaign):
    candidate(campaign, state=S.SUBMITTED, name="年限不足", years_in_industry=2)
    page = office_client.get(reverse("workflow:eligibility_queue", args=[campaign.pk])).content.decode()
    assert "年限不足" in page
    assert "须不少于 3 年（填报 2 年）" in page
    assert "未填审查清单" in page


def test_queue_filters_by_threshold_flag(office_client, campaign):
    candidate(campaign, state=S.SUBMITTED, name="年限不足", years_in_industry=2)
    candidate(campaign, state=S.SUBMITTED, name="条件齐全")
    page = office_client.get(
        reverse("workflow:eligibility_queue", args=[campaign.pk]), {"flag": "threshold"}
    ).content.decode()
    assert "年限不足" in page and "条件齐全" not in page
    assert "共 1 份申报" in page


def test_saving_the_checklist_records_each_check(office_client, campaign):
    app = candidate(campaign, state=S.SUBMITTED)
    office_client.post(
        reverse("workflow:eligibility_review", args=[app.pk]),
        {
            "confirmed": "1",
            **ALL_OK,
            "review-unit_credit_ok": "no",
            "review-notes": "单位有失信记录",
            "save_review": "1",
        },
    )
    review = EligibilityReview.objects.get(application=app)
    assert (review.basic_conditions_ok, review.unit_credit_ok, review.notes) == (
        True,
        False,
        "单位有失信记录",
    )


def test_declaring_eligible_assigns_the_campaign_number(office_client, campaign):
    app = candidate(campaign, state=S.SUBMITTED)
    checked(app)
    office_client.post(
        reverse("workflow:eligibility_review", args=[app.pk]),
        {"confirmed": "1", "decision-decision": "declare_eligible", "decide": "1"},
    )
    app.refresh_from_db()
    assert app.state == S.ELIGIBLE
    assert app.number == f"ZHGJ-{campaign.year}-001"


def test_declaring_eligible_without_the_checklist_is_refused_with_the_rule(office_client, campaign):
    app = candidate(campaign, state=S.SUBMITTED)
    response = office_client.post(
        reverse("workflow:eligibility_review", args=[app.pk]),
        {"confirmed": "1", "decision-decision": "declare_eligible", "decide": "1"},
    )
    app.refresh_from_db()
    assert app.state == S.SUBMITTED
    assert "第十六条：尚未填写资格审查清单。" in response.content.decode()


def test_ineligible_without_a_reason_is_refused_at_the_field(office_client, campaign):
    app = candidate(campaign, state=S.SUBMITTED)
    response = office_client.post(
        reverse("workflow:eligibility_review", args=[app.pk]),
        {"confirmed": "1", "decision-decision": "declare_ineligible", "decide": "1"},
    )
    assert "资格审查不合格须写明理由。" in response.content.decode()
    app.refresh_from_db()
    assert app.state == S.SUBMITTED


def test_return_for_supplement_records_what_is_missing_and_the_deadline(office_client, campaign):
    app = candidate(campaign, state=S.SUBMITTED)
    office_client.post(
        reverse("workflow:eligibility_review", args=[app.pk]),
        {
            "confirmed": "1",
            "decision-decision": "return_for_supplement",
            "decision-reason": "请补充专利证书扫描件",
            "decision-deadline": "2031-05-10",
            "decide": "1",
        },
    )
    app.refresh_from_db()
    assert app.state == S.RETURNED
    request = SupplementRequest.objects.get(application=app)
    assert (request.message, request.deadline) == ("请补充专利证书扫描件", datetime.date(2031, 5, 10))


def test_bulk_action_first_asks_for_confirmation_and_changes_nothing(office_client, campaign):
    apps = [candidate(campaign, state=S.SUBMITTED) for _i in range(2)]
    for app in apps:
        checked(app)
    response = office_client.post(
        reverse("workflow:eligibility_bulk", args=[campaign.pk]),
        {"action": "declare_eligible", "selected": [a.pk for a in apps]},
    )
    assert "将对以下 2 份申报执行“批量确认资格审查合格”" in response.content.decode()
    assert set(campaign.applications.values_list("state", flat=True)) == {S.SUBMITTED}


def test_confirmed_bulk_action_numbers_every_application(office_client, campaign):
    apps = [candidate(campaign, state=S.SUBMITTED) for _i in range(2)]
    for app in apps:
        checked(app)
    office_client.post(
        reverse("workflow:eligibility_bulk", args=[campaign.pk]),
        {"action": "declare_eligible", "ids": ",".join(str(a.pk) for a in apps), "confirmed": "on"},
    )
    numbers = sorted(campaign.applications.values_list("number", flat=True))
    assert numbers == [f"ZHGJ-{campaign.year}-001", f"ZHGJ-{campaign.year}-002"]


def test_bulk_action_is_all_or_nothing_when_one_application_is_refused(office_client, campaign):
    ready = candidate(campaign, state=S.SUBMITTED)
    checked(ready)
    unchecked = candidate(campaign, state=S.SUBMITTED)
    response = office_client.post(
        reverse("workflow:eligibility_bulk", args=[campaign.pk]),
        {"action": "declare_eligible", "ids": f"{ready.pk},{unchecked.pk}", "confirmed": "on"},
        follow=True,
    )
    assert set(campaign.applications.values_list("state", flat=True)) == {S.SUBMITTED}
    assert "批量操作未执行（全部撤回）" in response.content.decode()


@pytest.mark.parametrize("rows", [10, 200])
def test_queue_query_count_does_not_grow_with_rows(
    office_client, campaign, django_assert_max_num_queries, rows
):
    for i in range(rows):
        candidate(
            campaign,
            state=S.SUBMITTED,
            employer=OrganizationFactory(credit_code=None),
            years_in_industry=i % 5,
        )
    with django_assert_max_num_queries(12):
        office_client.get(reverse("workflow:eligibility_queue", args=[campaign.pk]))
