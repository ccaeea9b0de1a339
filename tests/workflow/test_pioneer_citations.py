"""领军先锋 messages cite the 领军先锋 办法's own sections (三(一), 三(二), 三“不可同时申报”, 七), never the
智慧工匠 articles (第十二条, 第十三条, 第三条 are 管理办法 articles)."""

import pytest
from django.utils import timezone

from awards.eligibility import threshold_problems
from awards.models import Application, Campaign
from tests.factories import complete_application
from tests.workflow.builders import application_in, campaign_in, ranking
from workflow.errors import TransitionRefused
from workflow.models import Honor
from workflow.services.transitions import application_transition

pytestmark = pytest.mark.django_db
S = Application.State
P = Campaign.Phase


def test_pioneer_thresholds_cite_section_three_of_the_pioneer_rules():
    app = complete_application(
        campaign=campaign_in(P.OPEN, code="pioneer"), years_in_industry=2, years_in_management=1
    )
    problems = threshold_problems(app)
    assert problems[0].startswith("领军先锋办法三（一）") and problems[1].startswith("领军先锋办法三（二）")
    assert not any("第十二条" in p for p in problems)


def test_craftsman_thresholds_still_cite_article_12():
    app = complete_application(campaign=campaign_in(P.OPEN), years_in_industry=2)
    assert threshold_problems(app)[0].startswith("第十二条")


def test_a_pioneer_ban_cites_section_seven_not_article_13():
    earlier = application_in(campaign_in(P.ARCHIVED, code="pioneer", year=2030), S.AWARDED)
    Honor.objects.create(
        application=earlier, kind="title", certificate_number="LJXF-2030-001", awarded_on=timezone.localdate()
    )
    again = application_in(campaign_in(P.OPEN, code="pioneer", year=2032), resident_id=earlier.resident_id)
    with pytest.raises(TransitionRefused) as refused:
        application_transition(application=again, action="submit", user=again.applicant)
    assert refused.value.rule == "领军先锋办法七" and refused.value.messages[0].startswith("领军先锋办法七")


def test_a_pioneer_quota_message_cites_the_pioneer_rules(office):
    campaign = campaign_in(P.COMPOSITE, code="pioneer", quota=1, nomination_quota=0)
    first, second = application_in(campaign, S.SHORTLISTED), application_in(campaign, S.SHORTLISTED)
    ranking(campaign, [(first, "120"), (second, "110")])
    application_transition(application=first, action="recommend", user=office)
    with pytest.raises(TransitionRefused) as refused:
        application_transition(application=second, action="recommend", user=office)
    assert refused.value.messages[0].startswith("领军先锋办法七（参照管理办法第三条）")
