"""Demo scoring: each expert fills a sheet whose every criterion lies inside the band the rubric allows for
the judged aspects/level (the bands come from the rubric tables, never from code), then the panel result."""

import hashlib
import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from awards.models import Application, Campaign, Organization
from scoring.ballot_mac import ballot_reseal
from scoring.models import (
    Ballot,
    Criterion,
    PanelAssignment,
    PanelMember,
    PanelOpinion,
    PublicVote,
    Rubric,
    ScoreEntry,
    ScoreSheet,
    ScoreSheetLog,
    VoterGroup,
)
from scoring.rubrics import total as rubric_total
from scoring.services.results import panel_results_compute
from scoring.services.sheets import sheet_record
from scoring.services.voter_identity import keyed_hash


def _criteria(rubric: Rubric) -> list[Criterion]:
    return list(
        Criterion.objects.filter(dimension__rubric=rubric).prefetch_related("bands").order_by("order")
    )


def quality_of(application: Application) -> float:
    """A stable 0.30–0.85 'strength' of a candidate, so the demo's rankings differ between candidates."""
    digest = hashlib.sha256(f"{application.resident_id}-{application.campaign.year}".encode()).digest()
    return 0.30 + (digest[0] / 255) * 0.55


def _entry_for(criterion: Criterion, strength: float, rng: random.Random, method: str) -> dict:
    bands = sorted(criterion.bands.all(), key=lambda b: b.order)
    x = min(max(strength + rng.uniform(-0.12, 0.12), 0.0), 0.999)
    band = bands[min(int(x * len(bands)), len(bands) - 1)]
    within = (x * len(bands)) % 1
    points = band.min_points + round((band.max_points - band.min_points) * within)
    entry = {"points": points}
    if method == Rubric.Method.ASPECTS:
        shown = band.aspects_max if band.aspects_max is not None else 3
        if band.aspects_min is not None and band.aspects_min != band.aspects_max and rng.random() < 0.5:
            shown = band.aspects_min
        entry["aspects"] = list(range(1, shown + 1))
        entry["significant"] = bool(band.significant)
    else:
        entry["level"] = band.order
    return entry


@transaction.atomic
def fill_sheet(
    *, application, expert, panel, stage: str, submit: bool, signed_on, submitted_at, bias: float = 0.0
) -> ScoreSheet:
    rubric = application.campaign.award_type.rubric
    criteria = _criteria(rubric)
    seed = f"{application.pk}-{expert.pk}-{stage}"
    rng = random.Random(seed)
    strength = quality_of(application) + (0.04 if stage == "onsite" else 0) + bias
    entries = {c.code: _entry_for(c, strength, rng, rubric.method) for c in criteria}
    total = rubric_total(rubric.code, {code: e["points"] for code, e in entries.items()})
    sheet = ScoreSheet.objects.create(
        application=application,
        expert=expert,
        panel=panel,
        stage=stage,
        state=ScoreSheet.State.SUBMITTED if submit else ScoreSheet.State.DRAFT,
        total=total if submit else None,
        signature_name=expert.get_full_name() if submit else "",
        signed_on=signed_on if submit else None,
        submitted_at=submitted_at if submit else None,
    )
    ScoreEntry.objects.bulk_create(
        ScoreEntry(
            sheet=sheet,
            criterion=c,
            points=entries[c.code]["points"],
            aspects=entries[c.code].get("aspects", []),
            significant=entries[c.code].get("significant"),
            level=entries[c.code].get("level"),
        )
        for c in criteria
    )
    if submit:
        sheet_record(sheet, event=ScoreSheetLog.Event.SUBMITTED, actor=expert)
    return sheet


def score_stage(*, campaign: Campaign, stage: str, states, when, complete: bool = True, bias=()) -> None:
    """Every panel member scores every assigned application in `states`; with `complete=False` the chair
    (expert1 on the first panel) still has drafts to finish (the stage is still running). `bias`: per panel (in
    creation order) a shift of its experts' scale — a harsh and a lenient panel (issue 22)."""
    panel_ids = list(campaign.panels.order_by("id").values_list("id", flat=True))
    shift = {pid: bias[i] for i, pid in enumerate(panel_ids) if i < len(bias)}
    assignments = PanelAssignment.objects.filter(
        application__campaign=campaign, application__state__in=states
    ).select_related("application__campaign__award_type__rubric", "panel")
    for assignment in assignments:
        members = list(
            PanelMember.objects.filter(panel=assignment.panel).select_related("expert").order_by("id")
        )
        for i, member in enumerate(members):
            submit = complete or i > 0
            fill_sheet(
                application=assignment.application,
                expert=member.expert,
                panel=assignment.panel,
                stage=stage,
                submit=submit,
                signed_on=when.date(),
                submitted_at=when,
                bias=shift.get(assignment.panel_id, 0.0),
            )


def compute_results(*, campaign: Campaign, stage: str) -> None:
    """评议组得分 through the scoring service (mean, or trimmed mean when the campaign says so)."""
    panel_results_compute(campaign=campaign, stage=stage)


def write_opinions(*, campaign: Campaign, stage: str, recommended_states) -> None:
    """专家评议组意见 (第十条), written by each panel's chair."""
    for panel in campaign.panels.all():
        chair = panel.members.filter(is_chair=True).select_related("expert").first()
        opinion = PanelOpinion.objects.create(
            panel=panel,
            stage=stage,
            opinion=(
                "本组依据评分标准对分配的申报逐项评议。申报人整体水平较高，成果与智慧城市建设结合紧密；"
                "部分申报证实性材料对个人贡献的说明不够具体。建议按评议组得分确定名单。"
            ),
            written_by=chair.expert if chair else None,
        )
        opinion.recommended.set(
            campaign.applications.filter(panel_assignment__panel=panel, state__in=recommended_states)
        )


def _publish_profiles(apps) -> None:
    """Shortlisted demo candidates agree to publish a short summary (all but the last one, to show both)."""
    for i, app in enumerate(apps):
        consent = i < len(apps) - 1
        Application.objects.filter(pk=app.pk).update(
            public_consent=consent,
            public_summary=(
                f"{app.unit_name}{app.position or '技术骨干'}，在{app.tech_domain.name if app.tech_domain else '智慧城市'}"
                f"领域工作 {app.years_in_industry or 5} 年，带领团队完成多项城市数字化项目。"
            ),
            public_achievements=(app.representative_achievements or "主持建设区级城市运行感知平台。")[:300],
        )


def cast_public_votes(*, campaign: Campaign, fraction: float = 1.0, suspicious: bool = False) -> None:
    """公众评价: verified citizens and practitioners rate some of the shortlisted candidates 1–5 (one ballot per
    identity, `scoring.services.ballots`), units give opinions through their accounts, the office enters a paper
    survey; with `suspicious`, a burst of identical ballots from one /24 for the office's report."""
    apps = list(
        campaign.applications.filter(state=Application.State.SHORTLISTED)
        .select_related("tech_domain")
        .order_by("id")
    )
    if not apps:
        return
    _publish_profiles(apps)
    strength = {a.pk: quality_of(a) for a in apps}
    rng = random.Random(f"ballots-{campaign.pk}")
    comments = [
        "扎根一线，技术过硬。",
        "项目惠及市民，值得肯定。",
        "团队带头人，乐于分享经验。",
        "希望继续加强成果推广。",
    ]

    def ballot(voter, group, channel, rated, *, ip="", source="", org=None, comment_every=0, when=None):
        b = Ballot.objects.create(
            campaign=campaign,
            voter_key=voter,
            group=group,
            channel=channel,
            source=source,
            organization=org,
            ip_key=keyed_hash("ip", ip) if ip else "",
            subnet=".".join(ip.split(".")[:3]) + ".0/24" if ip else "",
        )
        for k, (app, rating) in enumerate(rated):
            comment = (
                comments[(b.pk + k) % len(comments)]
                if comment_every and (b.pk + k) % comment_every == 0
                else ""
            )
            PublicVote.objects.create(
                campaign=campaign,
                application=app,
                voter_key=voter,
                rating=rating,
                ballot=b,
                comment=comment,
                comment_status=(
                    PublicVote.CommentStatus.APPROVED
                    if comment and k % 2
                    else PublicVote.CommentStatus.PENDING
                )
                if comment
                else "",
            )
        if when is not None:
            Ballot.objects.filter(pk=b.pk).update(created_at=when, updated_at=when)
        ballot_reseal(b)  # its keyed MAC, as the ballot services write it (scoring/ballot_mac.py)
        return b

    def rating(app):
        return min(5, max(1, round(1 + strength[app.pk] * 4 + rng.uniform(-1.2, 1.0))))

    voters = int(60 * fraction)
    for v in range(voters):
        chosen = [a for a in apps if rng.random() < 0.7] or [apps[0]]
        group = VoterGroup.PRACTITIONER if v % 5 < 2 else VoterGroup.PUBLIC
        ballot(
            keyed_hash("voter", f"email:demo-voter-{campaign.pk}-{v}@example.cn"),
            group,
            Ballot.Channel.WEB,
            [(a, rating(a)) for a in chosen],
            ip=f"10.{20 + v % 40}.{v % 7}.{v + 1}",
            comment_every=7,
        )
    for org in Organization.objects.order_by("id")[:3]:
        ballot(
            keyed_hash("organisation", str(org.pk)),
            VoterGroup.ORGANISATION,
            Ballot.Channel.UNIT,
            [(a, rating(a)) for a in apps],
            org=org,
        )
    ballot(
        keyed_hash("office", f"行业协会纸质问卷\x1fQ-{campaign.year}-001"),
        VoterGroup.PRACTITIONER,
        Ballot.Channel.OFFICE,
        [(a, rating(a)) for a in apps],
        source="行业协会纸质问卷",
    )
    if suspicious:
        start = timezone.now() - timedelta(hours=2)
        for n in range(8):
            ballot(
                keyed_hash("voter", f"email:burst-{campaign.pk}-{n}@example.cn"),
                VoterGroup.PUBLIC,
                Ballot.Channel.WEB,
                [(apps[-1], 5)] + [(a, 1) for a in apps[:-1]],
                ip=f"198.51.100.{n + 10}",
                when=start + timedelta(seconds=40 * n),
            )
