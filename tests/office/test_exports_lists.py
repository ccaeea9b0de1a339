"""Excel exports of eligibility results, committee votes and honors, read back cell by cell."""

import datetime

import pytest

from awards.models import Application, Campaign
from tests.factories import user_with_role
from tests.office.builders import campaign_in, candidate
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
    assert header[:6] == ("编号", "姓名", "所在单位", "技术领域", "状态", "基本条件符合")
    assert row[1] == "赵六" and row[4] == "资格审查不合格"
    assert row[5:11] == ("不合格", "合格", "合格", "合格", None, "行业年限不足")


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
    assert row[5:] == ("沪〔2031〕2号", "是", "是", "否")
