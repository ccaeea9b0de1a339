"""The small world of the security matrix and the personal-data scan (tests/security/).

Every role once, and for each object an "own" side (a) and "another's" side (b):

- applicant_a / applicant_b — each has one application in the reviewing campaign; a is recommended by unit_a.
- unit_a / unit_b — recommender accounts (staff of organisation a / b); each organisation has a unit notice.
- expert / chair — members of the panel that reviews application a (the chair chairs it); expert_out is an
  expert on no panel. Application b is not assigned to any panel.
- office (staff, with the reference-data permissions the demo gives it), committee, anonymous.

Three campaigns: `review` (craftsman, 材料评议 open, sheets, a job and a recommendation invitation to each
applicant), `publicity` (pioneer, 公示, with unit notices, an objection with evidence, a committee decision with
a vote, honors with certificates and a proposed revocation) and `vote` (craftsman, 公众评价 open: e consented to
a public summary, f did not; the public pages need no login).
Every applicant has a valid resident ID (GB 11643 check digit) and a distinct mobile number: the personal-data
scan looks for them in every response a non-office role can get.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone

from awards.models import Application, Attachment, Campaign, DataRequest, RecommendationInvitation
from demo.world import grant_office_permissions
from notices.models import Notification
from scoring.models import Panel, PanelAssignment, PanelMember, PanelResult, ScoreSheet, Stage
from scoring.services.ranking import compute_ranking
from scoring.services.sheets import sheet_submit
from tests.factories import (
    CampaignFactory,
    OrganizationFactory,
    award_type,
    complete_application,
    make_resident_id,
    user_with_role,
)
from tests.scoring.builders import craftsman_entries
from workflow import tasks
from workflow.models import (
    AwardDocument,
    CommitteeDecision,
    CommitteeVote,
    Consultation,
    Honor,
    Objection,
    Publicity,
    Revocation,
    UnitNotice,
)

S = Application.State
P = Campaign.Phase
PASSWORD = "demo-pass-2026"

#: Real-looking personal data: valid check digits, distinct mobile numbers.
PEOPLE = [
    ("a", make_resident_id(101, datetime.date(1984, 3, 9)), "13916240101"),
    ("b", make_resident_id(102, datetime.date(1979, 11, 23), region="310115"), "13761350202"),
    ("c", make_resident_id(103, datetime.date(1981, 1, 30), region="310112"), "18621460303"),
    ("d", make_resident_id(104, datetime.date(1976, 7, 4)), "15001770404"),
    ("e", make_resident_id(105, datetime.date(1988, 5, 17), region="310110"), "13524180505"),
    ("f", make_resident_id(106, datetime.date(1990, 12, 2)), "18917290606"),
]


def _campaign(code: str, phase: str, **kwargs) -> Campaign:
    campaign = CampaignFactory(award_type=award_type(code), **kwargs)
    Campaign.objects.filter(pk=campaign.pk).update(phase=phase)
    campaign.refresh_from_db()
    return campaign


def _application(campaign, applicant, side: str, state: str, number: str, **kwargs) -> Application:
    _side, resident_id, phone = next(p for p in PEOPLE if p[0] == side)
    app = complete_application(
        campaign=campaign, applicant=applicant, resident_id=resident_id, phone=phone, **kwargs
    )
    Application.objects.filter(pk=app.pk).update(state=state, number=number)
    app.refresh_from_db()
    return app


def build_world() -> SimpleNamespace:
    w = SimpleNamespace()
    w.applicant_a = user_with_role("applicant", username="m-applicant-a")
    w.applicant_b = user_with_role("applicant", username="m-applicant-b")
    w.unit_a = user_with_role("recommender", username="m-unit-a")
    w.unit_b = user_with_role("recommender", username="m-unit-b")
    w.expert = user_with_role("expert", username="m-expert", first_name="李专家")
    w.chair = user_with_role("expert", username="m-chair", first_name="王组长")
    w.expert_out = user_with_role("expert", username="m-expert-out", first_name="赵专家")
    w.office = user_with_role("office", username="m-office", is_staff=True)
    grant_office_permissions(w.office)
    w.committee = user_with_role("committee", username="m-committee")
    w.org_a = OrganizationFactory()
    w.org_b = OrganizationFactory()
    w.org_a.staff.add(w.unit_a)
    w.org_b.staff.add(w.unit_b)
    w.association = OrganizationFactory(kind="association", name="上海市信息化行业协会")
    w.org_a.member_of.add(w.association)

    # 材料评议: a is assigned to the panel (expert + chair), b to none.
    w.review = _campaign("craftsman", P.MATERIAL_REVIEW)
    w.app_a = _application(
        w.review,
        w.applicant_a,
        "a",
        S.ELIGIBLE,
        "GJ2030001",
        employer=w.org_a,
        route=Application.Route.UNIT,
        recommender=w.org_a,
    )
    Application.objects.filter(pk=w.app_a.pk).update(recommender_confirmed_at=timezone.now())
    w.app_b = _application(w.review, w.applicant_b, "b", S.ELIGIBLE, "GJ2030002", employer=w.org_b)
    w.panel = Panel.objects.create(campaign=w.review, name="第一评议组")
    PanelMember.objects.create(panel=w.panel, expert=w.chair, is_chair=True)
    PanelMember.objects.create(panel=w.panel, expert=w.expert, is_chair=False)
    PanelAssignment.objects.create(panel=w.panel, application=w.app_a)
    w.sheet = sheet_submit(
        expert=w.expert,
        application=w.app_a,
        stage=Stage.MATERIAL,
        entries=craftsman_entries(),
        password=PASSWORD,
        signature_name=w.expert.get_full_name(),
    )
    w.chair_sheet = ScoreSheet.objects.create(
        application=w.app_a, expert=w.chair, panel=w.panel, stage=Stage.MATERIAL
    )
    w.photo_a = w.app_a.attachments.get(kind=Attachment.Kind.PHOTO)
    w.evidence_a = w.app_a.attachments.get(kind=Attachment.Kind.EVIDENCE)
    w.evidence_b = w.app_b.attachments.get(kind=Attachment.Kind.EVIDENCE)
    w.notification_a = Notification.objects.create(
        user=w.applicant_a, subject="已受理", body="您的申报已受理。"
    )
    w.notification_b = Notification.objects.create(
        user=w.applicant_b, subject="已受理", body="您的申报已受理。"
    )
    # The full application table (with resident IDs): the office's export that the scan must find IDs in.
    w.job_id = tasks.job_start(
        kind="roster_fields", campaign=w.review, user=w.office, purpose="资格审查核对"
    )  # a full export: the personal-data scan proves its reader on it
    w.invitation_a, w.invitation_b = (
        RecommendationInvitation.objects.create(
            campaign=w.review,
            organization=org,
            invited_by=unit,
            user=user,
            name=user.username,
            email=user.email,
        )
        for org, unit, user in ((w.org_a, w.unit_a, w.applicant_a), (w.org_b, w.unit_b, w.applicant_b))
    )

    # 公示: two listed candidates (c, d), unit notices for both organisations, an objection, honors.
    w.publicity = _campaign("pioneer", P.PUBLICITY, quota=2)
    listed = [
        _application(w.publicity, user_with_role("applicant"), side, state, f"LJ2030{i:03d}", employer=org)
        for i, (side, state, org) in enumerate(
            (("c", S.RECOMMENDED, w.org_a), ("d", S.NOMINATED, w.org_b)), start=1
        )
    ]
    w.app_c, w.app_d = listed
    for app, score in zip(listed, ("120", "110"), strict=True):
        PanelResult.objects.create(
            panel=Panel.objects.create(campaign=w.publicity, name=f"组{app.pk}"),
            application=app,
            stage=Stage.ONSITE,
            score=Decimal(score),
            expert_totals=[{"expert": w.expert.pk, "total": int(score)}],
        )
    compute_ranking(campaign=w.publicity, user=w.office)
    today = timezone.localdate()
    w.publicity_row = Publicity.objects.create(
        campaign=w.publicity,
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=10),
        notice_text="公示名单如下。",
        opened_by=w.office,
    )
    w.notice_a = UnitNotice.objects.create(publicity=w.publicity_row, organization=w.org_a)
    w.notice_b = UnitNotice.objects.create(publicity=w.publicity_row, organization=w.org_b)
    w.objection = Objection.objects.create(
        campaign=w.publicity,
        application=w.app_c,
        objector_name="钱某",
        objector_id_or_contact="13600000000",
        content="业绩材料与实际不符。",
        evidence=ContentFile(b"%PDF-1.4 evidence", "evidence.pdf"),
    )
    w.decision = CommitteeDecision.objects.create(
        campaign=w.publicity,
        kind=CommitteeDecision.Kind.CONFIRM_RECOMMENDED,
        summary="建议名单",
        opened_by=w.office,
    )
    CommitteeVote.objects.create(decision=w.decision, member=w.committee, choice="approve")
    w.honor_c = Honor.objects.create(
        application=w.app_c, kind="title", certificate_number="LJ-2030-001", awarded_on=today
    )
    w.honor_d = Honor.objects.create(
        application=w.app_d, kind="nomination", certificate_number="LJ-2030-N01", awarded_on=today
    )
    w.revocation = Revocation.objects.create(
        honor=w.honor_c,
        kind=Revocation.Kind.REVOKE,
        reason="获荣后发现业绩材料失实。",
        misconduct_on=today,
        proposed_by=w.office,
    )
    # 第二十三条 主办单位发文 and a 第十六条 written consultation with its reply (issue 22 item 9)
    w.award_document = AwardDocument.objects.create(
        campaign=w.publicity,
        document_number="沪经信〔2030〕1号",
        issued_on=today,
        file=ContentFile(b"%PDF-1.4 award document", "award-document.pdf"),
    )
    w.consultation = Consultation.objects.create(
        application=w.app_a,
        department="市人力资源和社会保障局",
        sent_on=today,
        reply_on=today,
        reply_text="无异议。",
        reply_file=ContentFile(b"%PDF-1.4 reply", "reply.pdf"),
    )

    # 公众评价 (第十九条): two shortlisted candidates on the public pages; only e consented to a public summary.
    w.vote = _campaign("craftsman", P.PUBLIC_INPUT, public_input_enabled=True)
    w.app_e = _application(
        w.vote,
        user_with_role("applicant"),
        "e",
        S.SHORTLISTED,
        "GJ2030101",
        employer=w.org_a,
        public_consent=True,
        public_summary="长期从事城市感知网络运维。",
        public_achievements="主持智慧路灯改造项目。",
    )
    w.app_f = _application(
        w.vote, user_with_role("applicant"), "f", S.SHORTLISTED, "GJ2030102", employer=w.org_b
    )
    w.people = {side: (resident_id, phone) for side, resident_id, phone in PEOPLE}
    # a person's correction request for the office's page of requests (issue 25 item 3)
    w.data_request = DataRequest.objects.create(
        user=w.applicant_a, kind=DataRequest.Kind.CORRECTION, text="职务应为正高级工程师"
    )
    return w
