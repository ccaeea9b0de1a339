"""The procedure table and the transition service: out-of-order, wrong-role, system-only and unknown
transitions are refused with the rule's name and change nothing."""

import pathlib
import re

import pytest
from django.core.exceptions import PermissionDenied

from awards.models import Application, Campaign
from notices.models import Notification
from tests.factories import user_with_role
from tests.workflow.builders import application_in, campaign_in
from tests.workflow.office.builders import checked
from workflow import procedure
from workflow.errors import TransitionRefused
from workflow.models import SupplementRequest, TransitionLog
from workflow.selectors.procedure import allowed_actions
from workflow.services.transitions import application_transition, campaign_transition

pytestmark = pytest.mark.django_db
S = Application.State
P = Campaign.Phase
ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_every_application_state_except_draft_is_reached_by_a_row():
    assert procedure.states_reached("application") == set(S.values) - {S.DRAFT}


def test_every_campaign_phase_except_draft_is_reached_by_a_row():
    assert procedure.states_reached("campaign") == set(P.values) - {P.DRAFT}


def test_action_names_are_unique_and_every_row_cites_an_article():
    for subject in ("campaign", "application"):
        actions = procedure.actions(subject)
        assert len(actions) == len(set(actions))
        assert all(row.article for row in procedure.TABLES[subject])


def test_no_code_outside_the_transition_service_assigns_a_phase_or_an_application_state():
    pattern = re.compile(r"\b(campaign|locked|app|application)\.(phase|state)\s*=[^=]")
    offenders = []
    for package in ("notices", "awards", "scoring", "workflow"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts or path.name == "transitions.py":
                continue
            if pattern.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_an_out_of_order_transition_is_refused_and_changes_nothing():
    app = application_in(campaign_in(P.COMPOSITE), S.ELIGIBLE)
    with pytest.raises(TransitionRefused) as e:
        application_transition(application=app, action="recommend", user=user_with_role("office"))
    assert "程序不允许从“资格审查合格”执行“列入建议名单”（第二十条）" in e.value.messages[0]
    app.refresh_from_db()
    assert app.state == S.ELIGIBLE
    assert not TransitionLog.objects.exists()


def test_a_campaign_phase_cannot_be_skipped():
    campaign = campaign_in(P.OPEN)
    with pytest.raises(TransitionRefused):
        campaign_transition(campaign=campaign, action="open_publicity", user=user_with_role("office"))
    campaign.refresh_from_db()
    assert campaign.phase == P.OPEN


def test_a_wrong_role_is_refused_with_the_role_that_may_act():
    app = application_in(campaign_in(P.ELIGIBILITY), S.SUBMITTED)
    with pytest.raises(PermissionDenied) as e:
        application_transition(application=app, action="declare_ineligible", user=app.applicant, reason="x")
    assert "组委会办公室" in str(e.value)
    app.refresh_from_db()
    assert app.state == S.SUBMITTED and not TransitionLog.objects.exists()


def test_a_system_row_cannot_be_performed_by_a_user():
    app = application_in(campaign_in(P.APPROVAL), S.RECOMMENDED)
    with pytest.raises(PermissionDenied) as e:
        application_transition(application=app, action="grant_title", user=user_with_role("office"))
    assert "组委会决定" in str(e.value)
    app.refresh_from_db()
    assert app.state == S.RECOMMENDED


def test_a_user_row_cannot_be_run_as_the_system():
    app = application_in(campaign_in(P.ELIGIBILITY), S.SUBMITTED)
    with pytest.raises(TransitionRefused):
        application_transition(application=app, action="declare_eligible", user=None, system=True)


def test_an_unknown_action_does_not_exist():
    app = application_in(campaign_in(P.OPEN))
    with pytest.raises(TransitionRefused) as e:
        application_transition(application=app, action="promote", user=app.applicant)
    assert "没有“promote”" in e.value.messages[0]


def test_a_row_outside_its_phase_is_refused_with_the_phase_named():
    app = application_in(campaign_in(P.OPEN), S.SUBMITTED)
    with pytest.raises(TransitionRefused) as e:
        application_transition(application=app, action="declare_eligible", user=user_with_role("office"))
    assert "只能在资格审查阶段进行" in e.value.messages[0]


def test_a_row_that_requires_a_reason_is_refused_without_one():
    app = application_in(campaign_in(P.ELIGIBILITY), S.SUBMITTED)
    with pytest.raises(TransitionRefused) as e:
        application_transition(application=app, action="return_for_supplement", user=user_with_role("office"))
    assert "须填写理由" in e.value.messages[0]
    assert not SupplementRequest.objects.exists()


def test_a_guard_refusal_carries_the_article_that_blocks_it():
    office = user_with_role("office")
    app = application_in(campaign_in(P.ELIGIBILITY), S.SUBMITTED, years_in_industry=2)
    checked(app)
    with pytest.raises(TransitionRefused) as e:
        application_transition(application=app, action="declare_eligible", user=office)
    assert e.value.rule == "第十二条"
    assert "不少于 3 年（填报 2 年）" in e.value.messages[0]
    app.refresh_from_db()
    assert (app.state, app.number) == (S.SUBMITTED, "")


def test_a_transition_writes_who_when_from_to_reason_ip_and_the_history(django_capture_on_commit_callbacks):
    office = user_with_role("office")
    app = application_in(campaign_in(P.ELIGIBILITY), S.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        application_transition(
            application=app,
            action="return_for_supplement",
            user=office,
            reason="请补充学历证明",
            ip="10.1.2.3",
        )
    log = TransitionLog.objects.get()
    assert (log.actor, log.role, log.from_state, log.to_state, log.reason, log.ip, log.article) == (
        office,
        "office",
        S.SUBMITTED,
        S.RETURNED,
        "请补充学历证明",
        "10.1.2.3",
        "第十六条",
    )
    latest = app.history.latest()
    assert (latest.state, latest.history_user, latest.history_change_reason) == (
        S.RETURNED,
        office,
        "return_for_supplement: 请补充学历证明",
    )
    assert SupplementRequest.objects.get().message == "请补充学历证明"
    note = Notification.objects.get(user=app.applicant)
    assert "请补充学历证明" in note.body and note.kind == "returned"


def test_a_second_identical_transition_is_refused_and_logs_once():
    office = user_with_role("office")
    app = application_in(campaign_in(P.ELIGIBILITY), S.SUBMITTED)
    application_transition(application=app, action="return_for_supplement", user=office, reason="补正")
    with pytest.raises(TransitionRefused):
        application_transition(application=app, action="return_for_supplement", user=office, reason="补正")
    assert TransitionLog.objects.count() == 1


def test_allowed_actions_gives_each_next_row_with_why_not():
    app = application_in(campaign_in(P.ELIGIBILITY), S.SUBMITTED)
    rows = {row.action: why for row, why in allowed_actions("application", app, user_with_role("office"))}
    assert rows["return_for_supplement"] is None
    assert "尚未填写资格审查清单" in rows["declare_eligible"]
    assert "您的角色无权执行“撤回申报”" in rows["retract"]
