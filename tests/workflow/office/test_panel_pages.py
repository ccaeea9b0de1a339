"""专家评议组 (第十条): panels, chair, assignment by technical domain, conflicts of interest."""

import pytest
from django.urls import reverse

from awards.models import Campaign
from scoring.models import ConflictOfInterest, ExpertProfile, Panel, PanelAssignment
from tests.factories import OrganizationFactory, user_with_role
from tests.workflow.office.builders import campaign_in, candidate

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_client(client):
    client.force_login(user_with_role("office"))
    return client


@pytest.fixture
def campaign():
    return campaign_in(Campaign.Phase.ELIGIBILITY)


# One URL per action of the panel page (issue 11: no `op` dispatch).
ACTIONS = {
    "create": "panel_create",
    "invite": "panel_expert_invite",
    "add_member": "panel_member_add",
    "chair": "panel_chair",
    "remove_member": "panel_member_remove",
    "auto_assign": "assignments_auto",
    "override": "assignment_override",
    "conflict": "conflict_record",
}


def _post(client, campaign, op, **data):
    return client.post(reverse(f"workflow:{ACTIONS[op]}", args=[campaign.pk]), data, follow=True)


def _expert(org=None):
    user = user_with_role("expert")
    ExpertProfile.objects.create(user=user, organization=org)
    return user


def test_office_forms_a_panel_for_a_technical_domain(office_client, campaign):
    domain = campaign.award_type.tech_domains.order_by("order").first()
    _post(office_client, campaign, op="create", name="物联感知组", domains=[domain.pk])
    panel = Panel.objects.get(campaign=campaign)
    assert (panel.name, list(panel.tech_domains.all())) == ("物联感知组", [domain])


def test_adding_a_second_chair_moves_the_chair(office_client, campaign):
    panel = Panel.objects.create(campaign=campaign, name="甲组")
    first, second = _expert(), _expert()
    _post(office_client, campaign, op="add_member", panel=panel.pk, expert=first.pk, is_chair="1")
    _post(office_client, campaign, op="add_member", panel=panel.pk, expert=second.pk, is_chair="1")
    assert list(panel.members.filter(is_chair=True).values_list("expert_id", flat=True)) == [second.pk]


def test_a_non_expert_account_cannot_join_a_panel(office_client, campaign):
    panel = Panel.objects.create(campaign=campaign, name="甲组")
    page = _post(
        office_client, campaign, op="add_member", panel=panel.pk, expert=user_with_role("applicant").pk
    )
    assert "不是专家账号" in page.content.decode()
    assert not panel.members.exists()


def test_auto_assignment_follows_the_technical_domain(office_client, campaign):
    iot, net = pick_domain_pair(campaign)
    panel_iot = Panel.objects.create(campaign=campaign, name="感知组")
    panel_iot.tech_domains.set([iot])
    panel_net = Panel.objects.create(campaign=campaign, name="网络组")
    panel_net.tech_domains.set([net])
    a = candidate(campaign, state="eligible", tech_domain=iot)
    b = candidate(campaign, state="eligible", tech_domain=net)
    _post(office_client, campaign, op="auto_assign")
    assert PanelAssignment.objects.get(application=a).panel == panel_iot
    assert PanelAssignment.objects.get(application=b).panel == panel_net


def pick_domain_pair(campaign):
    domains = list(campaign.award_type.tech_domains.order_by("order")[:2])
    return domains[0], domains[1]


def test_application_without_a_matching_panel_is_reported_for_manual_assignment(office_client, campaign):
    iot, net = pick_domain_pair(campaign)
    Panel.objects.create(campaign=campaign, name="感知组").tech_domains.set([iot])
    orphan = candidate(campaign, state="eligible", tech_domain=net, name="无组")
    page = _post(office_client, campaign, op="auto_assign").content.decode()
    assert "无组" in page and "没有唯一对应的评议组，请人工指定" in page
    assert not PanelAssignment.objects.filter(application=orphan).exists()


def test_manual_override_moves_the_application_and_marks_it_manual(office_client, campaign):
    iot, _net = pick_domain_pair(campaign)
    first = Panel.objects.create(campaign=campaign, name="感知组")
    second = Panel.objects.create(campaign=campaign, name="综合组")
    app = candidate(campaign, state="eligible", tech_domain=iot)
    PanelAssignment.objects.create(panel=first, application=app)
    _post(office_client, campaign, op="override", application=app.pk, panel=second.pk)
    assignment = PanelAssignment.objects.get(application=app)
    assert (assignment.panel, assignment.manual) == (second, True)


def test_expert_from_the_applicants_unit_is_flagged_automatically_with_the_reason(office_client, campaign):
    unit = OrganizationFactory(name="上海城投智慧公司")
    iot, _net = pick_domain_pair(campaign)
    panel = Panel.objects.create(campaign=campaign, name="感知组")
    panel.tech_domains.set([iot])
    app = candidate(campaign, state="eligible", tech_domain=iot, employer=unit)
    colleague = _expert(org=unit)
    _post(office_client, campaign, op="add_member", panel=panel.pk, expert=colleague.pk)
    page = _post(office_client, campaign, op="auto_assign").content.decode()
    conflict = ConflictOfInterest.objects.get(application=app, expert=colleague)
    assert conflict.source == ConflictOfInterest.Source.AUTO
    assert "专家所在单位“上海城投智慧公司”是申报人所在单位。" in page


def test_expert_from_the_recommending_unit_is_flagged_too(office_client, campaign):
    association = OrganizationFactory(name="上海市智慧城市协会")
    iot, _net = pick_domain_pair(campaign)
    panel = Panel.objects.create(campaign=campaign, name="感知组")
    panel.tech_domains.set([iot])
    app = candidate(campaign, state="eligible", tech_domain=iot, recommender=association, route="association")
    PanelAssignment.objects.create(panel=panel, application=app)
    member = _expert(org=association)
    _post(office_client, campaign, op="add_member", panel=panel.pk, expert=member.pk)
    assert "推荐机构" in ConflictOfInterest.objects.get(application=app, expert=member).reason


def test_office_records_a_conflict_it_learned_of(office_client, campaign):
    app = candidate(campaign, state="eligible")
    expert = _expert()
    _post(office_client, campaign, op="conflict", application=app.pk, expert=expert.pk, reason="曾为其导师")
    conflict = ConflictOfInterest.objects.get(application=app, expert=expert)
    assert (conflict.source, conflict.reason) == (ConflictOfInterest.Source.OFFICE, "曾为其导师")


@pytest.mark.parametrize("rows", [10, 200])
def test_panel_page_query_count_does_not_grow_with_rows(
    office_client, campaign, django_assert_max_num_queries, rows
):
    panel = Panel.objects.create(campaign=campaign, name="感知组")
    experts = [_expert() for _i in range(3)]
    for i in range(rows):
        app = candidate(campaign, state="eligible", employer=OrganizationFactory(credit_code=None))
        PanelAssignment.objects.create(panel=panel, application=app)
        if i % 3 == 0:
            ConflictOfInterest.objects.create(
                expert=experts[i % 3], application=app, source="declared", reason="亲属"
            )
    with django_assert_max_num_queries(16):
        office_client.get(reverse("workflow:panels", args=[campaign.pk]))


def test_office_invites_an_expert_by_email_who_joins_the_panel_and_gets_a_set_password_link(
    office_client, campaign, mailoutbox
):
    panel = Panel.objects.create(campaign=campaign, name="数据组")
    page = _post(
        office_client,
        campaign,
        op="invite",
        panel=panel.pk,
        name="沈立群",
        email="shenlq@example.cn",
        organization="同济大学",
        title="教授",
    ).content.decode()
    assert "已邀请专家 沈立群" in page
    member = panel.members.select_related("expert__expert_profile__organization").get()
    assert member.expert.groups.filter(name="expert").exists()
    assert member.expert.expert_profile.organization.name == "同济大学"
    assert not member.expert.has_usable_password()
    invitation = mailoutbox[-1]
    assert invitation.to == ["shenlq@example.cn"] and "/accounts/reset/" in invitation.body


def test_inviting_an_email_that_already_has_an_account_is_refused_and_adds_nobody(office_client, campaign):
    user_with_role("expert", email="taken@example.cn")
    panel = Panel.objects.create(campaign=campaign, name="数据组")
    page = _post(
        office_client, campaign, op="invite", panel=panel.pk, name="重复", email="taken@example.cn"
    ).content.decode()
    assert "taken@example.cn 已有账号" in page
    assert not panel.members.exists()
