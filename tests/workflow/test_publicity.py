"""公示 (第二十一条) and 异议: opening, unit postings, closing, objections and their outcome."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from awards.models import Application, Campaign
from tests.factories import OrganizationFactory, user_with_role
from tests.workflow.builders import application_in, campaign_in, ranking
from workflow.calendar import publicity_end
from workflow.errors import TransitionRefused
from workflow.guards import current_list
from workflow.models import CommitteeDecision, Objection, Publicity, TransitionLog
from workflow.selectors.publicity import objections_for_office, objections_public
from workflow.services.objections import objection_decide, objection_file, objection_investigate
from workflow.services.publicity import publicity_close, publicity_open, unit_notice_confirm

pytestmark = pytest.mark.django_db
S = Application.State
P = Campaign.Phase


@pytest.fixture
def listed(office):
    """A campaign in 综合评价 with a confirmed list: two recommended from one unit, one nominated elsewhere."""
    campaign = campaign_in(P.COMPOSITE, publicity_working_days=7)
    unit = OrganizationFactory()
    # Fixed names: the factory's carry a sequence number that grows with the tests run before on the worker, and a
    # long one may wrap in the printed table (the tests read names back from the PDF).
    a = application_in(campaign, S.RECOMMENDED, employer=unit, name="王芳")
    b = application_in(campaign, S.RECOMMENDED, employer=unit, name="李雷")
    c = application_in(campaign, S.NOMINATED, name="欧阳明华")
    ranking(campaign, [(a, "90"), (b, "88"), (c, "80")])
    CommitteeDecision.objects.create(
        campaign=campaign, kind="confirm_recommended", result="approved", listed=current_list(campaign)
    )
    return campaign, (a, b, c)


def _open(campaign, office):
    return publicity_open(campaign=campaign, user=office, starts_on=timezone.localdate(), notice_text="名单")


def test_publicity_end_is_computed_with_the_campaigns_working_days(listed, office):
    campaign, _apps = listed
    publicity = _open(campaign, office)
    assert publicity.ends_on == publicity_end(timezone.localdate(), 7)
    campaign.refresh_from_db()
    assert campaign.phase == P.PUBLICITY


def test_one_unit_notice_is_created_per_applicant_unit(listed, office):
    campaign, (a, b, c) = listed
    publicity = _open(campaign, office)
    assert set(publicity.unit_notices.values_list("organization_id", flat=True)) == {
        a.employer_id,
        c.employer_id,
    }


def test_publicity_cannot_open_without_the_committees_confirmation(listed, office):
    campaign, _apps = listed
    campaign.committee_decisions.all().delete()
    with pytest.raises(TransitionRefused) as e:
        _open(campaign, office)
    assert "审核确认建议名单" in e.value.messages[0]
    assert not Publicity.objects.exists()


def test_a_unit_confirms_when_and_where_it_posted_the_notice(listed, office):
    campaign, (a, _b, _c) = listed
    notice = _open(campaign, office).unit_notices.get(organization=a.employer)
    staff = user_with_role("recommender")
    a.employer.staff.add(staff)
    unit_notice_confirm(notice=notice, user=staff, posted_on=timezone.localdate(), place="一楼公告栏")
    notice.refresh_from_db()
    assert (notice.place, notice.confirmed_by, notice.confirmed_at is not None) == ("一楼公告栏", staff, True)


def test_a_recommender_of_another_unit_cannot_confirm(listed, office):
    campaign, (a, _b, c) = listed
    notice = _open(campaign, office).unit_notices.get(organization=a.employer)
    other = user_with_role("recommender")
    c.employer.staff.add(other)
    with pytest.raises(PermissionDenied):
        unit_notice_confirm(notice=notice, user=other, posted_on=timezone.localdate(), place="公告栏")
    notice.refresh_from_db()
    assert notice.confirmed_at is None


def test_a_posting_date_outside_the_publicity_period_is_refused(listed, office):
    campaign, (a, _b, _c) = listed
    notice = _open(campaign, office).unit_notices.get(organization=a.employer)
    staff = user_with_role("recommender")
    a.employer.staff.add(staff)
    with pytest.raises(ValidationError) as e:
        unit_notice_confirm(
            notice=notice,
            user=staff,
            posted_on=timezone.localdate() - datetime.timedelta(days=1),
            place="公告栏",
        )
    assert "posted_on" in e.value.message_dict


def test_publicity_cannot_be_closed_before_its_end(listed, office):
    campaign, _apps = listed
    _open(campaign, office)
    with pytest.raises(TransitionRefused) as e:
        publicity_close(campaign=campaign, user=office)
    assert "期满前不能结束公示" in e.value.messages[0]
    campaign.refresh_from_db()
    assert campaign.phase == P.PUBLICITY


def _file(app, **kw):
    data = dict(
        objector_name="李明",
        objector_id_or_contact="13900001111",
        objector_email="li@example.cn",
        content="业绩不实",
    )
    return objection_file(application=app, **{**data, **kw})


def test_an_objection_needs_a_real_name_and_contact(listed, office):
    campaign, (a, _b, _c) = listed
    _open(campaign, office)
    with pytest.raises(ValidationError) as e:
        _file(a, objector_name=" ", objector_id_or_contact="")
    assert set(e.value.message_dict) == {"objector_name", "objector_id_or_contact"}


def test_an_objection_is_filed_during_publicity_against_a_listed_application(listed, office):
    campaign, (a, _b, _c) = listed
    _open(campaign, office)
    objection = _file(a)
    assert (objection.status, objection.campaign) == (Objection.Status.RECEIVED, campaign)


def test_an_objection_outside_publicity_is_refused(listed):
    _campaign, (a, _b, _c) = listed
    with pytest.raises(ValidationError) as e:
        _file(a)
    assert "只能在公示期内" in e.value.messages[0]


def test_an_objection_against_an_application_not_on_the_list_is_refused(listed, office):
    campaign, _apps = listed
    _open(campaign, office)
    outsider = application_in(campaign, S.NOT_RECOMMENDED)
    with pytest.raises(ValidationError) as e:
        _file(outsider)
    assert "公示名单上" in e.value.messages[0]


def test_an_upheld_objection_does_not_remove_the_candidate_by_itself_and_tells_the_objector(
    listed, office, django_capture_on_commit_callbacks
):
    """第二十二条: the office's finding goes to the committee's decision; the candidate stays listed meanwhile."""
    campaign, (a, _b, _c) = listed
    _open(campaign, office)
    objection = _file(a)
    objection_investigate(objection=objection, user=office, investigation="核查社保缴费记录")
    with django_capture_on_commit_callbacks(execute=True):
        objection_decide(objection=objection, user=office, upheld=True, outcome="工作年限不足")
    a.refresh_from_db()
    objection.refresh_from_db()
    assert a.state == S.RECOMMENDED
    assert not TransitionLog.objects.filter(application=a, action="withdraw").exists()
    assert objection.status == Objection.Status.UPHELD and objection.objector_notified_at is not None
    assert mail.outbox[-1].to == ["li@example.cn"] and "工作年限不足" in mail.outbox[-1].body


def test_a_rejected_objection_keeps_the_application_on_the_list(listed, office):
    campaign, (a, _b, _c) = listed
    _open(campaign, office)
    objection = _file(a)
    objection_decide(
        objection=objection, user=office, upheld=False, outcome="经核实属实", investigation="查证"
    )
    a.refresh_from_db()
    assert a.state == S.RECOMMENDED
    assert not TransitionLog.objects.filter(application=a).exists()


def test_an_outcome_needs_an_investigation_record(listed, office):
    campaign, (a, _b, _c) = listed
    _open(campaign, office)
    objection = _file(a)
    with pytest.raises(ValidationError):
        objection_decide(objection=objection, user=office, upheld=False, outcome="不成立")
    objection.refresh_from_db()
    assert objection.status == Objection.Status.RECEIVED


def test_only_the_office_decides_an_objection(listed, office):
    campaign, (a, _b, _c) = listed
    _open(campaign, office)
    objection = _file(a)
    with pytest.raises(PermissionDenied):
        objection_decide(
            objection=objection, user=user_with_role("committee"), upheld=True, outcome="x", investigation="y"
        )


def test_the_public_selector_omits_the_objectors_identity(listed, office):
    campaign, (a, _b, _c) = listed
    _open(campaign, office)
    _file(a)
    public = list(objections_public(campaign=campaign))
    assert len(public) == 1
    flat = " ".join(str(v) for v in public[0].values()) + " ".join(public[0].keys())
    assert "李明" not in flat and "13900001111" not in flat and "objector" not in flat
    assert objections_for_office(campaign=campaign).get().objector_name == "李明"


def test_publicity_closes_after_its_end_with_postings_confirmed_and_objections_resolved(listed, office):
    campaign, (a, _b, c) = listed
    publicity = _open(campaign, office)
    for notice in publicity.unit_notices.all():
        staff = user_with_role("recommender")
        notice.organization.staff.add(staff)
        unit_notice_confirm(notice=notice, user=staff, posted_on=timezone.localdate(), place="公告栏")
    after = timezone.make_aware(
        datetime.datetime.combine(publicity.ends_on, datetime.time(18))
    ) + datetime.timedelta(days=1)
    publicity_close(campaign=campaign, user=office, now=after)
    campaign.refresh_from_db()
    publicity.refresh_from_db()
    assert campaign.phase == P.APPROVAL and publicity.closed_at == after


def test_the_publicity_list_stays_the_record_after_the_award_and_a_withdrawal(listed, office, client):
    """Issue 23.2: a publicity's list is a fixed record — the public page, the 公示公告 PDF and Word still list
    every publicised person, in the same order and under the same kind, after they were awarded or withdrawn."""
    import io

    import docx
    from pypdf import PdfReader

    from workflow.documents.pdf import publicity_notice_pdf
    from workflow.documents.word import publicity_notice_docx
    from workflow.selectors.publicity import listed_applications

    campaign, (a, b, c) = listed
    _open(campaign, office)
    before = [(x.pk, x.publicity_kind) for x in listed_applications(campaign)]
    assert before == [(a.pk, "title"), (b.pk, "title"), (c.pk, "nomination")]

    Application.objects.filter(pk=a.pk).update(state=S.AWARDED)
    Application.objects.filter(pk=b.pk).update(state=S.WITHDRAWN)
    Application.objects.filter(pk=c.pk).update(state=S.NOMINATION_AWARDED)
    Campaign.objects.filter(pk=campaign.pk).update(phase=P.ARCHIVED)
    campaign.refresh_from_db()

    assert [(x.pk, x.publicity_kind) for x in listed_applications(campaign)] == before
    page = client.get(f"/campaigns/{campaign.pk}/publicity/").content.decode()
    pdf = "".join(p.extract_text() for p in PdfReader(io.BytesIO(publicity_notice_pdf(campaign))).pages)
    word = docx.Document(io.BytesIO(publicity_notice_docx(campaign)))
    rows = [[cell.text for cell in row.cells] for row in word.tables[0].rows[1:]]
    for text in (page, pdf):
        assert a.name in text and b.name in text and c.name in text
    assert [r[1] for r in rows] == [a.name, b.name, c.name]
    assert [r[-1] for r in rows] == ["荣誉称号", "荣誉称号", "提名"]
