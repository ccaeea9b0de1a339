"""Organisations through their unit accounts, office entry and Excel import with their source, counts per group,
comments moderated before the committee sees them."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from scoring.models import Ballot, PublicVote
from scoring.selectors import public as selectors
from scoring.services import ballots as services
from tests.factories import OrganizationFactory, user_with_role
from tests.scoring.public_input.builders import ballot_data, public_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit_user():
    user = user_with_role("recommender")
    org = OrganizationFactory()
    org.staff.add(user)
    return user, org


def test_a_unit_account_gives_its_organisation_one_opinion_counted_as_its_group(client, unit_user):
    user, org = unit_user
    campaign, apps = public_campaign()
    client.force_login(user)
    url = reverse("public_input:unit", args=[campaign.pk])
    data = ballot_data({apps[0]: 5, apps[1]: 4})
    data.pop("group")
    client.post(url, data)
    data = ballot_data({apps[0]: 3})
    data.pop("group")
    data["version"] = 1
    client.post(url, data)
    ballot = Ballot.objects.get()
    assert (ballot.group, ballot.channel, ballot.organization, ballot.version) == (
        "organisation",
        "unit",
        org,
        2,
    )
    assert dict(ballot.votes.values_list("application_id", "rating")) == {apps[0].pk: 3}
    counts = {g["group"]: g["counted"] for g in selectors.group_counts(campaign)}
    assert counts == {"public": 0, "practitioner": 0, "organisation": 1}


def test_home_offers_unit_accounts_the_opinion_page(client, unit_user):
    user, _org = unit_user
    campaign, _apps = public_campaign()
    client.force_login(user)
    assert (
        reverse("public_input:unit", args=[campaign.pk])
        in client.get(reverse("awards:home")).content.decode()
    )


def test_office_enters_a_paper_opinion_with_its_source(client):
    campaign, apps = public_campaign()
    client.force_login(user_with_role("office"))
    url = reverse("public_input:office_enter", args=[campaign.pk])
    data = {
        "source": "纸质问卷",
        "reference": "Q-001",
        "group": "practitioner",
        "application": apps[0].pk,
        "rating": 4,
    }
    client.post(url, data)
    client.post(url, {**data, "rating": 2})  # the same questionnaire again replaces it
    ballot = Ballot.objects.get()
    assert (ballot.channel, ballot.source, ballot.group) == ("office", "纸质问卷", "practitioner")
    assert list(ballot.votes.values_list("rating", flat=True)) == [2]


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["来源", "意见编号", "类别", "候选人编号", "评分", "意见"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "opinions.xlsx"
    return out


def test_office_imports_opinions_from_excel_grouped_by_questionnaire(client):
    campaign, apps = public_campaign()
    client.force_login(user_with_role("office"))
    rows = [
        ["协会调查", "S-1", "从业人员", apps[0].number, 5, "技术过硬"],
        ["协会调查", "S-1", "从业人员", apps[1].number, 4, ""],
        ["纸质问卷", "P-7", "社会公众", apps[2].number, 3, ""],
    ]
    response = client.post(
        reverse("public_input:office_import", args=[campaign.pk]), {"file": _xlsx(rows)}, follow=True
    )
    assert "已导入 2 份评价意见" in response.content.decode()
    assert Ballot.objects.count() == 2
    assert PublicVote.objects.get(comment="技术过硬").comment_status == "pending"


def test_an_import_with_a_bad_row_imports_nothing_and_names_the_row(client):
    campaign, apps = public_campaign()
    client.force_login(user_with_role("office"))
    rows = [
        ["协会调查", "S-1", "从业人员", apps[0].number, 5, ""],
        ["协会调查", "S-2", "从业人员", "ZHGJ-0000-999", 5, ""],
    ]
    response = client.post(
        reverse("public_input:office_import", args=[campaign.pk]), {"file": _xlsx(rows)}, follow=True
    )
    assert "第 3 行：候选人编号 ZHGJ-0000-999 不在本次公众评价名单中" in response.content.decode()
    assert not Ballot.objects.exists()


def test_comments_wait_for_the_office_and_only_approved_ones_reach_the_committee(client):
    campaign, apps = public_campaign()
    kw = {"campaign": campaign, "group": "public", "version": 0, "ip": "10.0.0.1"}
    services.ballot_submit(
        voter="a" * 64, ratings={apps[0].pk: 5}, comments={apps[0].pk: "扎根一线二十年"}, **kw
    )
    services.ballot_submit(voter="b" * 64, ratings={apps[0].pk: 1}, comments={apps[0].pk: "广告内容"}, **kw)
    assert selectors.approved_comments(campaign) == {}
    office = user_with_role("office")
    client.force_login(office)
    good = PublicVote.objects.get(comment="扎根一线二十年")
    bad = PublicVote.objects.get(comment="广告内容")
    url = reverse("public_input:office", args=[campaign.pk])
    client.post(reverse("public_input:office_approve", args=[campaign.pk]), {"votes": [good.pk]})
    client.post(reverse("public_input:office_reject", args=[campaign.pk]), {"votes": [bad.pk]})
    approved = selectors.approved_comments(campaign)
    assert [v.comment for v in approved[apps[0].pk]] == ["扎根一线二十年"]
    page = client.get(url).content.decode()
    assert "已通过" in page and "未通过" in page


def test_comments_are_not_shown_on_public_pages(client):
    campaign, apps = public_campaign()
    services.ballot_submit(
        campaign=campaign,
        voter="a" * 64,
        group="public",
        ratings={apps[0].pk: 5},
        comments={apps[0].pk: "一条待审核意见"},
        version=0,
        ip="10.0.0.1",
    )
    PublicVote.objects.update(comment_status="approved")
    for url in (
        reverse("public_input:candidates", args=[campaign.pk]),
        reverse("public_input:candidate", args=[campaign.pk, apps[0].pk]),
    ):
        assert "一条待审核意见" not in client.get(url).content.decode()


def test_office_page_shows_counts_per_group(client):
    campaign, apps = public_campaign()
    services.ballot_submit(
        campaign=campaign,
        voter="a" * 64,
        group="practitioner",
        ratings={apps[0].pk: 5},
        comments={},
        version=0,
        ip="10.0.0.1",
    )
    client.force_login(user_with_role("office"))
    page = client.get(reverse("public_input:office", args=[campaign.pk])).content.decode()
    row = page[page.index('data-group="practitioner"') :]
    assert '<td class="counted">1</td>' in row[:200]


def test_the_public_cannot_open_the_office_page(client):
    campaign, _apps = public_campaign()
    response = client.get(reverse("public_input:office", args=[campaign.pk]))
    assert response.status_code == 302


def test_an_import_with_a_wrong_header_is_refused_with_the_expected_header(client):
    campaign, apps = public_campaign()
    client.force_login(user_with_role("office"))
    wb = Workbook()
    wb.active.append(["来源", "编号"])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "bad.xlsx"
    response = client.post(
        reverse("public_input:office_import", args=[campaign.pk]), {"file": out}, follow=True
    )
    assert "表头须为：来源 | 意见编号 | 类别 | 候选人编号 | 评分 | 意见。" in response.content.decode()
    assert not Ballot.objects.exists()
