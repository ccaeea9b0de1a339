"""Issue 23.1: every irreversible or mailing step of the office asks first, saying what will happen, who is
mailed and what can no longer change — a plain form, so it works without JavaScript. The first POST changes
nothing and mails no one; the confirmed POST (the same fields and confirmed=1) does the step."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from awards.models import Application, Campaign
from tests.factories import approve_rules, user_with_role
from tests.workflow.office.builders import campaign_in, candidate, panel_for
from tests.workflow.office.test_publicity_pages import confirmed_campaign, office, unit  # noqa: F401
from workflow.calendar import publicity_end
from workflow.models import Publicity

pytestmark = pytest.mark.django_db
S = Application.State


def _hidden(html: str) -> dict:
    form = html[html.index('id="confirm"') :]
    found = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    assert found.pop("csrfmiddlewaretoken")  # the page's own token
    return found


def test_publishing_the_call_asks_first_and_says_what_no_longer_changes(client):
    client.force_login(user_with_role("office"))
    campaign = approve_rules(campaign_in(Campaign.Phase.DRAFT))
    panel_for(campaign)
    url = reverse("workflow:campaign_phase", args=[campaign.pk])
    page = client.post(url, {"action": "open"}).content.decode()
    campaign.refresh_from_db()
    assert campaign.phase == Campaign.Phase.DRAFT
    assert "请确认" in page and "发布申报通知，开始申报" in page and "此操作不能撤销" in page
    assert "发布后变更" in page and "（第十四条）" in page
    assert reverse("workflow:campaign_dashboard", args=[campaign.pk]) in page  # the way back
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.post(url, {"action": "open"}).content.decode()
    assert "(Art. 14)" in english and "第十四条" not in english  # the article as the reader reads it (466)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    fields = _hidden(page)
    assert fields == {"action": "open", "confirmed": "1"}
    client.post(url, fields)
    campaign.refresh_from_db()
    assert campaign.phase == Campaign.Phase.OPEN


def test_opening_publicity_shows_the_end_date_in_working_days_and_who_is_mailed(
    client,
    office,  # noqa: F811
    confirmed_campaign,  # noqa: F811
):
    client.force_login(office)
    start = timezone.localdate()
    url = reverse("workflow:publicity", args=[confirmed_campaign.pk])
    page = client.post(url, {"starts_on": start.isoformat(), "notice_text": "说明"}).content.decode()
    end = publicity_end(start, confirmed_campaign.publicity_working_days)
    assert f"至 {end.isoformat()} 结束" in page and "通知 " in page
    assert not Publicity.objects.exists() and mail.outbox == []
    client.post(url, _hidden(page))
    assert Publicity.objects.get().ends_on == end


def test_declaring_ineligible_asks_first(client):
    client.force_login(user_with_role("office"))
    campaign = campaign_in(Campaign.Phase.ELIGIBILITY)
    app = candidate(campaign, state=S.SUBMITTED, name="赵六")
    url = reverse("workflow:eligibility_review", args=[app.pk])
    data = {"decision-decision": "declare_ineligible", "decision-reason": "年限不足", "decide": "1"}
    page = client.post(url, data).content.decode()
    app.refresh_from_db()
    assert app.state == S.SUBMITTED and mail.outbox == []
    assert "确认资格审查不合格" in page and "赵六" in page and "不能撤回" in page
    assert _hidden(page) == {**data, "confirmed": "1"}


def test_saving_the_checklist_is_not_asked(client):
    client.force_login(user_with_role("office"))
    campaign = campaign_in(Campaign.Phase.ELIGIBILITY)
    app = candidate(campaign, state=S.SUBMITTED)
    response = client.post(
        reverse("workflow:eligibility_review", args=[app.pk]), {"save_review": "1", "review-notes": "x"}
    )
    assert "请确认" not in response.content.decode()


def test_a_refused_role_never_sees_the_confirmation(client):
    campaign = approve_rules(campaign_in(Campaign.Phase.DRAFT))
    client.force_login(user_with_role("committee"))
    response = client.post(reverse("workflow:campaign_phase", args=[campaign.pk]), {"action": "open"})
    assert response.status_code == 403
