"""Issue 21 item 1: once the committee approves the rules (第八条（二）) and once a window opens, the frozen fields
(awards/frozen.py) change only through their sanctioned paths — in every door: the admin, `save()`,
`QuerySet.update`, the services. `verify_audit` reports a change that went around them (decisions 121)."""

import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from awards import frozen
from awards.models import Campaign
from tests.factories import approve_rules, user_with_role
from tests.security.admin_forms import admin_form_data
from tests.workflow.office.builders import campaign_in
from workflow.models import CommitteeDecision, Publicity, TransitionLog
from workflow.selectors.rules import RULE_FIELDS
from workflow.services.committee import decision_close, decision_open, decision_vote

pytestmark = pytest.mark.django_db

#: field → a value the attacker sets (different from the factory's)
ATTACKS = {
    "committee_majority_percent": 100,
    "committee_quorum": 1,
    "publicity_working_days": 9,
    "quota": 3,
    "nomination_quota": 7,
    "weight_material": 80,
    "min_composite_score": "90",
    "use_trimmed_mean": True,
}


def _approved_open_campaign() -> Campaign:
    """A campaign whose rules the committee approved and whose call is open (its window running)."""
    now = timezone.now()
    campaign = campaign_in(
        Campaign.Phase.OPEN,
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=20),
    )
    return approve_rules(campaign)


@pytest.fixture
def root():
    return User.objects.create_superuser("root", "root@example.cn", "root-pass-2026")


def _verify_clean() -> None:
    err = io.StringIO()
    try:
        call_command("verify_audit", stdout=io.StringIO(), stderr=err)
    except CommandError:
        pytest.fail(err.getvalue())


def _stored(campaign, name):
    return getattr(Campaign.objects.get(pk=campaign.pk), name)


def test_the_registry_holds_every_rule_the_committee_approves():
    """A rule added to RULE_FIELDS (e.g. a new ranking rule) must be registered as frozen too."""
    committee = {f.name for f in frozen.FROZEN_FIELDS if f.path == frozen.COMMITTEE}
    # the committee's own 议事规则 are changed only by its vote too (decisions 201)
    standing = {"committee_quorum", "committee_majority_percent"}
    assert committee == set(RULE_FIELDS) | {"rules_approved", "rules_approved_at"} | standing
    for f in frozen.FROZEN_FIELDS:
        Campaign._meta.get_field(f.name)  # a real field
        assert f.since in (frozen.RULES, frozen.WINDOW) and f.path in (frozen.COMMITTEE, frozen.PLAN)


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_the_admin_cannot_bend_a_frozen_rule(client, root, name):
    campaign = _approved_open_campaign()
    before = _stored(campaign, name)
    client.force_login(root)
    url = reverse("admin:awards_campaign_change", args=[campaign.pk])
    page = client.get(url).content.decode()
    assert f'name="{name}"' not in page, f"{name} is editable in the admin"
    value = ATTACKS[name]
    data = admin_form_data(Campaign, root, campaign, **{name: "on" if value is True else value})
    if value is True:
        data[name] = "on"
    client.post(url, data)
    assert _stored(campaign, name) == before


def test_the_admin_cannot_move_an_opened_window(client, root):
    campaign = _approved_open_campaign()
    before = _stored(campaign, "closes_at")
    client.force_login(root)
    url = reverse("admin:awards_campaign_change", args=[campaign.pk])
    earlier = timezone.localtime(timezone.now() + datetime.timedelta(days=1))
    data = admin_form_data(
        Campaign,
        root,
        campaign,
        closes_at_0=earlier.date().isoformat(),
        closes_at_1=earlier.strftime("%H:%M:%S"),
    )
    client.post(url, data)
    assert _stored(campaign, "closes_at") == before


def test_the_admin_still_edits_what_is_not_frozen(client, root):
    campaign = _approved_open_campaign()
    client.force_login(root)
    url = reverse("admin:awards_campaign_change", args=[campaign.pk])
    response = client.post(url, admin_form_data(Campaign, root, campaign, title="改过的活动名称"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _stored(campaign, "title") == "改过的活动名称"


def test_an_admin_change_of_the_majority_does_not_flip_a_committee_decision(client, root):
    """The issue's scenario: majority set to 100 % in the admin, then a decision with 3 approvals of 4 votes."""
    campaign = _approved_open_campaign()
    office = user_with_role("office")
    members = [user_with_role("committee") for _ in range(4)]
    client.force_login(root)
    url = reverse("admin:awards_campaign_change", args=[campaign.pk])
    client.post(url, admin_form_data(Campaign, root, campaign, committee_majority_percent=100))
    decision = decision_open(campaign=campaign, user=office, kind="rules", rules={"quota": 4})
    for member, choice in zip(members, ["approve", "approve", "approve", "abstain"], strict=True):
        decision_vote(decision=decision, user=member, choice=choice)
    closed = decision_close(decision=decision, user=office, document_number="沪智城组〔2030〕9号")
    assert closed.result == CommitteeDecision.Result.APPROVED
    _verify_clean()


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_save_refuses_a_frozen_field(name):
    campaign = _approved_open_campaign()
    setattr(campaign, name, ATTACKS[name])
    with pytest.raises(frozen.FrozenFieldChanged, match="已冻结"), transaction.atomic():
        campaign.save()
    with pytest.raises(frozen.FrozenFieldChanged), transaction.atomic():
        campaign.save(update_fields=[name])


@pytest.mark.parametrize(
    "name", sorted(ATTACKS) + ["closes_at", "opens_at", "rules_approved_at", "rules_approved"]
)
def test_queryset_update_refuses_a_frozen_field(name):
    """`rules_approved_at` too: unsetting the approval would unfreeze everything."""
    campaign = _approved_open_campaign()
    value = {"rules_approved_at": None, "rules_approved": {}}.get(
        name, ATTACKS.get(name, timezone.now() + datetime.timedelta(days=1))
    )
    with pytest.raises(frozen.FrozenFieldChanged), transaction.atomic():
        Campaign.objects.filter(pk=campaign.pk).update(**{name: value})
    with pytest.raises(frozen.FrozenFieldChanged), transaction.atomic():
        Campaign.objects.filter(pk=campaign.pk).bulk_update([campaign], [name])


def test_nothing_is_frozen_before_the_approval_and_the_opening():
    now = timezone.now()
    campaign = campaign_in(Campaign.Phase.DRAFT, opens_at=now - datetime.timedelta(days=1))
    Campaign.objects.filter(pk=campaign.pk).update(committee_majority_percent=60, quota=5)
    campaign.refresh_from_db()
    campaign.closes_at = now + datetime.timedelta(days=5)
    campaign.save()
    assert (campaign.committee_majority_percent, campaign.quota) == (60, 5)


def test_the_committee_path_changes_the_rules():
    campaign = _approved_open_campaign()
    office = user_with_role("office")
    members = [user_with_role("committee") for _ in range(3)]
    decision = decision_open(campaign=campaign, user=office, kind="rules", rules={"quota": 6})
    for member in members:
        decision_vote(decision=decision, user=member, choice="approve")
    decision_close(decision=decision, user=office, document_number="沪智城组〔2030〕2号")
    assert _stored(campaign, "quota") == 6
    _verify_clean()


def _plan_post(client, campaign, **changes):
    from tests.workflow.office.test_campaign_pages import _form_data

    fmt = "%Y-%m-%dT%H:%M"
    data = _form_data(
        award_type=campaign.award_type_id,
        year=campaign.year,
        opens_at=timezone.localtime(campaign.opens_at).strftime(fmt),
        closes_at=timezone.localtime(campaign.closes_at).strftime(fmt),
        quota=campaign.quota,
        nomination_quota=campaign.nomination_quota,
        shortlist_size=campaign.shortlist_size,
        min_composite_score=str(campaign.min_composite_score),
    )
    data.update(changes)
    return client.post(reverse("workflow:campaign_edit", args=[campaign.pk]), data)


def test_the_plan_page_changes_the_publicity_length_only_with_a_reason_and_a_log_and_never_the_voting_rules(
    client,
):
    """The quorum and majority are the committee's own 议事规则 (decisions 201): the plan page has no field for
    them and ignores them when posted; the publicity length still changes there with a reason and a log."""
    campaign = _approved_open_campaign()
    office = user_with_role("office")
    client.force_login(office)
    form = client.get(reverse("workflow:campaign_edit", args=[campaign.pk])).content.decode()
    assert 'id="plan-rules-frozen"' in form and 'name="change_reason"' in form
    assert 'name="committee_majority_percent"' not in form and 'name="committee_quorum"' not in form
    page = _plan_post(client, campaign, publicity_working_days=7).content.decode()
    assert "须填写修改原因" in page
    assert _stored(campaign, "publicity_working_days") == 5
    response = _plan_post(
        client,
        campaign,
        publicity_working_days=7,
        committee_majority_percent=1,
        committee_quorum=1,
        change_reason="延长公示",
    )
    assert response.status_code == 302
    assert _stored(campaign, "publicity_working_days") == 7
    assert (_stored(campaign, "committee_majority_percent"), _stored(campaign, "committee_quorum")) == (50, 0)
    log = TransitionLog.objects.get(campaign=campaign, action="change_dates")
    assert "延长公示" in log.reason and "5 → 7" in log.reason
    _verify_clean()


def test_the_plan_page_never_shortens_the_publicity(client):
    campaign = _approved_open_campaign()
    office = user_with_role("office")
    client.force_login(office)
    assert _plan_post(client, campaign, publicity_working_days=7, change_reason="延长公示").status_code == 302
    page = _plan_post(client, campaign, publicity_working_days=5, change_reason="缩短").content.decode()
    assert "公示工作日数只能增加" in page
    assert _stored(campaign, "publicity_working_days") == 7


def _raw_update(campaign, column_sql: str) -> None:
    """A change straight in the database (a DBA, a restore of an edited dump): it bypasses every guard."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('honors.frozen_change', 'on', true)")
        cursor.execute(f"UPDATE awards_campaign SET {column_sql} WHERE id = %s", [campaign.pk])
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('honors.frozen_change', '', true)")


@pytest.mark.parametrize(
    ("column_sql", "message"),
    [
        ("committee_majority_percent = 100", "通过所需赞成比例"),
        ("publicity_working_days = 6", "公示工作日数"),
        ("quota = 2", "名额"),
    ],
)
def test_verify_audit_reports_a_frozen_field_changed_around_the_guards(column_sql, message):
    campaign = _approved_open_campaign()
    _verify_clean()
    _raw_update(campaign, column_sql)
    err = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("verify_audit", stdout=io.StringIO(), stderr=err)
    assert failed.value.returncode == 1
    assert message in err.getvalue()


def test_verify_audit_reports_a_history_record_written_outside_the_path():
    """A save that went around the guard (as the admin did) leaves a history record without the path's marker."""
    campaign = _approved_open_campaign()
    _raw_update(campaign, "committee_majority_percent = 100")
    campaign.refresh_from_db()
    campaign.history.create(
        **{f.attname: getattr(campaign, f.attname) for f in Campaign._meta.concrete_fields},
        history_date=timezone.now(),
        history_type="~",
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=io.StringIO(), stderr=err)
    assert "未经规定的修改途径" in err.getvalue()


def test_verify_audit_reports_a_decision_that_does_not_follow_from_its_votes():
    campaign = _approved_open_campaign()
    office = user_with_role("office")
    members = [user_with_role("committee") for _ in range(3)]
    decision = decision_open(campaign=campaign, user=office, kind="rules", rules={"quota": 4})
    for member in members:
        decision_vote(decision=decision, user=member, choice="approve")
    decision_close(decision=decision, user=office, document_number="沪智城组〔2030〕3号")
    CommitteeDecision.objects.filter(pk=decision.pk).update(result=CommitteeDecision.Result.REJECTED)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=io.StringIO(), stderr=err)
    assert "应得出相反结果" in err.getvalue()


def test_a_publicity_is_never_shortened():
    campaign = campaign_in(Campaign.Phase.PUBLICITY)
    start = datetime.date(2031, 6, 2)
    publicity = Publicity.objects.create(
        campaign=campaign, starts_on=start, ends_on=start + datetime.timedelta(7)
    )
    publicity.ends_on = start + datetime.timedelta(1)
    with pytest.raises(Exception, match="公示的起止日期在公示开始时确定"), transaction.atomic():
        publicity.save()
    _verify_clean()
    Publicity.objects.filter(pk=publicity.pk).update(ends_on=start + datetime.timedelta(1))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=io.StringIO(), stderr=err)
    assert "与公示开始时确定的" in err.getvalue()


def test_the_admin_shows_the_publicity_read_only(client, root):
    campaign = campaign_in(Campaign.Phase.PUBLICITY)
    start = datetime.date(2031, 6, 2)
    publicity = Publicity.objects.create(
        campaign=campaign, starts_on=start, ends_on=start + datetime.timedelta(7)
    )
    client.force_login(root)
    url = reverse("admin:workflow_publicity_change", args=[publicity.pk])
    response = client.post(url, {"campaign": campaign.pk, "starts_on": "2031-06-02", "ends_on": "2031-06-03"})
    assert response.status_code == 403
    publicity.refresh_from_db()
    assert publicity.ends_on == start + datetime.timedelta(7)
