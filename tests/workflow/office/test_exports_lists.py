"""Excel exports of eligibility results, committee votes and honors, read back cell by cell."""

import datetime

import pytest

from awards.models import Application, Campaign
from tests.factories import user_with_role
from tests.workflow.office.builders import campaign_in, candidate
from tests.xlsx import rows
from workflow.documents import exports
from workflow.models import CommitteeDecision, CommitteeVote, EligibilityReview, Honor

pytestmark = pytest.mark.django_db
S = Application.State


def _rows(content):
    return rows(content)


def test_eligibility_export_has_each_check_and_the_notes():
    campaign = campaign_in(Campaign.Phase.ELIGIBILITY)
    app = candidate(campaign, state=S.INELIGIBLE, name="赵六", number="")
    EligibilityReview.objects.create(
        application=app,
        basic_conditions_ok=False,
        complete_ok=True,
        authentic_ok=True,
        person_credit_ok=True,
        unit_credit_ok=None,
        notes="行业年限不足",
    )
    header, row = _rows(exports.eligibility_xlsx(campaign))
    assert header[:7] == ("编号", "姓名", "所在单位", "技术领域", "资格审查结论", "当前状态", "基本条件符合")
    assert row[1] == "赵六" and row[5] == "资格审查不合格"
    assert row[6:12] == ("不合格", "合格", "合格", "合格", None, "行业年限不足")


def test_eligibility_export_keeps_everyone_who_moved_on_with_the_conclusion_and_the_supplements():
    """Issue 23.3: the 资格审查结果 is the record of every reviewed application — also those that went on to the
    panels, the list or an honor — with its conclusion, reason and 补正 history; drafts and retracted ones are not
    reviewed and are left out."""
    from workflow.models import SupplementRequest, TransitionLog

    office = user_with_role("office")
    campaign = campaign_in(Campaign.Phase.AWARDED)
    moved = {
        state: candidate(campaign, state=state, name=f"人{i}")
        for i, state in enumerate(
            [S.SHORTLISTED, S.NOT_SHORTLISTED, S.AWARDED, S.NOMINATION_AWARDED, S.INELIGIBLE]
        )
    }
    draft = candidate(campaign, state=S.DRAFT, name="草稿人")
    awarded = moved[S.AWARDED]
    SupplementRequest.objects.create(
        application=awarded, message="补充职称证书", deadline=datetime.date(2031, 5, 10), requested_by=office
    )
    for app in moved.values():
        action = "declare_ineligible" if app.state == S.INELIGIBLE else "declare_eligible"
        TransitionLog.objects.create(
            subject="application",
            campaign=campaign,
            application=app,
            action=action,
            from_state="submitted",
            to_state="eligible",
            actor=office,
            role="office",
            reason="依第十六条审查" if action == "declare_eligible" else "行业年限不足",
        )
    header, *body = rows(exports.eligibility_xlsx(campaign))
    names = [r[1] for r in body]
    assert sorted(names) == sorted(a.name for a in moved.values()) and draft.name not in names
    by_name = {r[1]: dict(zip(header, r, strict=False)) for r in body}
    assert by_name[awarded.name]["资格审查结论"] == "合格"
    assert by_name[awarded.name]["当前状态"] == "获荣"
    assert by_name[awarded.name]["结论理由"] == "依第十六条审查"
    assert (
        "补充职称证书" in by_name[awarded.name]["补正记录"] and "未补正" in by_name[awarded.name]["补正记录"]
    )
    assert by_name[moved[S.INELIGIBLE].name]["资格审查结论"] == "不合格"


def test_votes_export_has_one_row_per_member_vote():
    campaign = campaign_in(Campaign.Phase.COMPOSITE)
    decision = CommitteeDecision.objects.create(
        campaign=campaign, kind="confirm_recommended", result="approved", document_number="沪〔2031〕1号"
    )
    member = user_with_role("committee", username="weiyuan1")
    CommitteeVote.objects.create(decision=decision, member=member, choice="reject", comment="建议复核")
    _header, row = _rows(exports.votes_xlsx(campaign))
    assert row == ("审核确认建议名单", "weiyuan1", "不同意", "建议复核", "通过", "沪〔2031〕1号")


def test_honors_export_lists_the_follow_up_flags():
    campaign = campaign_in(Campaign.Phase.AWARDED)
    app = candidate(campaign, state=S.AWARDED, name="王芳")
    Honor.objects.create(
        application=app,
        kind="title",
        certificate_number="ZHGJ-2031-001",
        awarded_on=datetime.date(2031, 9, 1),
        document_number="沪〔2031〕2号",
        may_day_medal_list=True,
        shanghai_craftsman_priority=True,
    )
    _header, row = _rows(exports.honors_xlsx(campaign))
    assert row[:4] == ("ZHGJ-2031-001", "王芳", app.unit_name, "荣誉称号")
    assert row[4].date() == datetime.date(2031, 9, 1)
    # Issue 23.7: not “是” before the office checked the 综合条件 (第二十三条).
    assert row[5:8] == ("沪〔2031〕2号", "待办公室核对", "待办公室核对")
    # The last columns: not recalled, and the code printed under the certificate's QR code (decisions 220).
    honor = Honor.objects.get(application=app)
    assert len(honor.verify_code) == 10
    assert row[8:] == ("否", honor.verify_code)
    Honor.objects.filter(application=app).update(may_day_conditions_ok=True)
    assert _rows(exports.honors_xlsx(campaign))[1][6:8] == ("是", "是")
    Honor.objects.filter(application=app).update(may_day_conditions_ok=False)
    assert _rows(exports.honors_xlsx(campaign))[1][6:8] == (
        "否（综合条件核对未通过）",
        "否（综合条件核对未通过）",
    )
