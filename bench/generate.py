"""A generated city-scale campaign for `make bench` (issue 15): N applications, P panels × E experts, both stages
scored with signed sheets, a shortlisted subset presented on site, and public ballots — written with bulk inserts
in a few minutes, yet indistinguishable for `manage.py verify_audit` / `verify_ranking` from one that went
through the procedure.

The records that the tamper-evident chains cover (transition logs, score-sheet logs; audit/chain.py) are
hashed with the project's own `row_digest`, in chain order, with ids allocated up front so that the hash can be
taken before the insert; the sheets' points come from the rubric bands like the demo's (`demo.scores`),
their totals from `scoring.rubrics.total`, the panel scores from `scoring.aggregation.panel_score`, the voters'
keys from `scoring.services.voter_identity.keyed_hash`. The campaign ends in 公众评价 (the city is voting);
`advance_to_composite` moves it on as the office would, through `chain_append`.
"""

import datetime
import json
import random
from contextlib import contextmanager

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from audit.chain import CHAIN_OF_MODEL, row_digest
from awards.models import Application, AwardType, Campaign
from awards.permissions import Role
from demo.scores import _entry_for
from scoring.aggregation import panel_score
from scoring.ballot_mac import ballot_content, ballot_mac
from scoring.models import (
    Ballot,
    Criterion,
    ExpertProfile,
    Panel,
    PanelAssignment,
    PanelMember,
    PanelResult,
    PublicVote,
    ScoreEntry,
    ScoreSheet,
    ScoreSheetLog,
    Stage,
    VoterGroup,
)
from scoring.rubrics import total as rubric_total
from scoring.services.voter_identity import keyed_hash
from workflow.models import AuditChainHead, TransitionLog
from workflow.seals import seal_record
from workflow.services.audit import chain_append

S = Application.State
P = Campaign.Phase
BENCH_PASSWORD = "bench-pass-2026"
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鑫斌宇浩凯健俊帆帅旭宁龙林欣"
BATCH = 5000


def person_name(i: int) -> str:
    return SURNAMES[i % len(SURNAMES)] + GIVEN[(i // 7) % len(GIVEN)] + GIVEN[(i // 311) % len(GIVEN)]


@contextmanager
def explicit_timestamps(*models):
    """Let bulk inserts keep the timestamps the generator chose (auto_now/auto_now_add would replace them, and
    the chained rows' hashes cover `created_at`)."""
    saved = []
    for model in models:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _next_id(model) -> int:
    last = model._base_manager.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def _reset_sequences(*models) -> None:
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(sql)


class ChainWriter:
    """Appends rows to one campaign's chain in memory (seq, prev_hash, row_hash, explicit id) and flushes them
    with bulk inserts; `close` stores the chain head."""

    def __init__(self, model, campaign_id: int):
        self.model = model
        self.chain = CHAIN_OF_MODEL[model._meta.label]
        self.campaign_id = campaign_id
        self.next_id = _next_id(model)
        self.length, self.last_hash = 0, ""
        self.pending = []

    def add(self, row) -> None:
        row.id = self.next_id
        self.next_id += 1
        self.length += 1
        row.chain_seq, row.prev_hash = self.length, self.last_hash
        values = {name: getattr(row, name) for name in (*self.chain.fields, "id", "chain_seq", "prev_hash")}
        row.row_hash = self.last_hash = row_digest(self.chain, values)
        self.pending.append(row)
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        insert_objects(self.model, self.pending)
        self.pending = []

    def close(self) -> None:
        self.flush()
        _reset_sequences(self.model)
        AuditChainHead.objects.update_or_create(
            campaign_id=self.campaign_id,
            chain=self.chain.name,
            defaults={"length": self.length, "last_hash": self.last_hash},
        )


def insert_rows(model, columns: tuple[str, ...], rows, *, json_columns=()) -> None:
    """Insert plain rows (tuples in `columns` order, attnames): COPY on PostgreSQL (the bulk loader, several times
    faster than INSERT for the half million score entries and ratings), bulk_create elsewhere (SQLite in the
    tests)."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            encode = [i for i, c in enumerate(columns) if c in json_columns]
            for row in rows:
                if encode:
                    row = list(row)
                    for i in encode:
                        row[i] = json.dumps(row[i])
                copy.write_row(row)
        return
    model.objects.bulk_create(
        (model(**dict(zip(columns, row, strict=True))) for row in rows), batch_size=BATCH
    )


def insert_objects(model, objs: list) -> None:
    """Insert unsaved instances whose ids the generator allocated (`Ids`): COPY on PostgreSQL, bulk_create
    elsewhere. Timestamps are written as set (`explicit_timestamps`)."""
    if connection.vendor != "postgresql":
        with explicit_timestamps(model):
            model.objects.bulk_create(objs, batch_size=BATCH)
        return
    fields = model._meta.concrete_fields
    insert_rows(
        model,
        tuple(f.column for f in fields),
        ([getattr(o, f.attname) for f in fields] for o in objs),
        json_columns={f.column for f in fields if isinstance(f, models.JSONField)},
    )


class Ids:
    """Ids handed out before the insert (the chained rows hash their id; COPY returns none); `close` moves the
    tables' sequences past them."""

    def __init__(self):
        self.next: dict = {}

    def take(self, obj):
        model = type(obj)
        if model not in self.next:
            self.next[model] = _next_id(model)
        obj.id = self.next[model]
        self.next[model] += 1
        return obj

    def close(self) -> None:
        _reset_sequences(*self.next)


def _users(prefix: str, count: int, role: str, password_hash: str) -> list[User]:
    User.objects.bulk_create(
        [
            User(
                username=f"{prefix}{i}",
                first_name=person_name(i * 13 + len(prefix)),
                email=f"{prefix}{i}@bench.smartcity-honors.example",
                password=password_hash,
            )
            for i in range(1, count + 1)
        ],
        batch_size=BATCH,
    )
    users = list(User.objects.filter(username__startswith=prefix).order_by("id"))
    group = Group.objects.get_or_create(name=role)[0]
    group.user_set.through.objects.bulk_create(
        [group.user_set.through(user_id=u.pk, group_id=group.pk) for u in users], batch_size=BATCH
    )
    return users


def build_city(
    *,
    applications: int = 10_000,
    panels: int = 20,
    experts_per_panel: int = 7,
    shortlisted: int = 200,
    ballots: int = 200_000,
    year: int = 2025,
    award: str = "craftsman",
    password_hash: str | None = None,
    office: User | None = None,
    log=print,
) -> Campaign:
    """Build the campaign (in 公众评价, the public window open) and return it. Accounts: `city-expert{n}` (panel
    p's members are n = (p-1)·E+1 … p·E, the first one chairs) and `city-applicant{n}`, password
    `BENCH_PASSWORD` unless `password_hash` is given."""
    rng = random.Random(f"city-{year}")
    now = timezone.now()
    t0 = now - datetime.timedelta(days=120)

    def at(days: float) -> datetime.datetime:
        return t0 + datetime.timedelta(days=days)

    password_hash = password_hash or make_password(BENCH_PASSWORD)
    award_type = AwardType.objects.select_related("rubric").get(code=award)
    rubric = award_type.rubric
    criteria = list(
        Criterion.objects.filter(dimension__rubric=rubric).prefetch_related("bands").order_by("order")
    )
    domains = list(award_type.tech_domains.order_by("id"))
    office = office or User.objects.filter(groups__name=Role.OFFICE).order_by("id").first()

    with transaction.atomic():
        campaign = Campaign.objects.create(
            award_type=award_type,
            year=year,
            title=f"{year}年度上海智慧城市建设“{award_type.name}”选树（全市规模基准）",
            call_text="全市规模基准测试活动（make bench 生成）。",
            opens_at=at(0),
            closes_at=at(30),
            quota=10,  # 第三条: 每届选树10人 — the ceiling the app enforces (decisions 230)
            nomination_quota=20,
            shortlist_size=shortlisted,
            weight_material=30,
            weight_onsite=50,
            weight_public=20,
            public_input_enabled=True,
            public_input_opens_at=now - datetime.timedelta(days=2),
            public_input_closes_at=now + datetime.timedelta(days=12),
            created_by=office,
            phase=P.PUBLIC_INPUT,
            next_number=applications + 1,
        )
        experts = _users("city-expert", panels * experts_per_panel, Role.EXPERT, password_hash)
        applicants = _users("city-applicant", applications, Role.APPLICANT, password_hash)
        ExpertProfile.objects.bulk_create(
            [ExpertProfile(user=u, title="高级工程师", expertise="智慧城市") for u in experts]
        )
        panel_rows = Panel.objects.bulk_create(
            [
                Panel(
                    campaign=campaign,
                    name=f"第{p + 1}评议组",
                    material_due_on=at(60).date(),
                    onsite_due_on=at(90).date(),
                )
                for p in range(panels)
            ]
        )
        members = {
            panel.pk: experts[p * experts_per_panel : (p + 1) * experts_per_panel]
            for p, panel in enumerate(panel_rows)
        }
        PanelMember.objects.bulk_create(
            [
                PanelMember(panel_id=pk, expert=u, is_chair=k == 0)
                for pk, users in members.items()
                for k, u in enumerate(users)
            ]
        )
        log(f"  accounts and {panels} panels × {experts_per_panel} experts")

        # Applications: every tenth is found ineligible, the rest are assigned round-robin to the panels.
        strength = {}
        apps = []
        for i in range(applications):
            eligible = i % 10 != 9
            apps.append(
                Application(
                    campaign=campaign,
                    applicant=applicants[i],
                    state=S.ELIGIBLE if eligible else S.INELIGIBLE,
                    number=f"{award_type.number_prefix}-{year}-{i + 1:05d}",
                    applied_on=at(1 + i * 28 / applications).date(),
                    submitted_at=at(1 + i * 28 / applications),
                    tech_domain=domains[i % len(domains)] if domains else None,
                    name=person_name(i),
                    gender="M" if i % 3 else "F",
                    unit_name=f"上海市第{i % 250 + 1}智慧城市建设单位",
                    position="技术负责人",
                    years_in_industry=8 + i % 20,
                    years_in_post=3 + i % 10,
                    direct_technical_work=True,
                    integrity_declared=True,
                    phone=f"139{i:08d}",
                    email=f"city-applicant{i + 1}@bench.smartcity-honors.example",
                    representative_achievements="主持建设区级城市运行感知平台，带领团队完成多项城市数字化项目。",
                )
            )
        Application.objects.bulk_create(apps, batch_size=BATCH)
        apps = list(campaign.applications.order_by("id"))
        eligible = [a for a in apps if a.state == S.ELIGIBLE]
        for a in apps:
            strength[a.pk] = 0.30 + rng.random() * 0.55
        panel_of = {a.pk: panel_rows[k % panels] for k, a in enumerate(eligible)}
        PanelAssignment.objects.bulk_create(
            [PanelAssignment(panel=panel_of[a.pk], application=a) for a in eligible], batch_size=BATCH
        )
        log(f"  {applications} applications ({len(eligible)} eligible)")

        ids = Ids()
        sheet_log = ChainWriter(ScoreSheetLog, campaign.pk)
        totals: dict[tuple[int, str], list[dict]] = {}

        def score(stage: str, subset: list[Application], when: datetime.datetime) -> None:
            """Every member of the assigned panel fills, signs and submits a sheet for each application."""
            for start in range(0, len(subset), 500):
                chunk = subset[start : start + 500]
                sheets, contents = [], []
                for a in chunk:
                    panel = panel_of[a.pk]
                    for expert in members[panel.pk]:
                        r = random.Random(f"{a.pk}-{expert.pk}-{stage}")
                        bonus = 0.04 if stage == Stage.ONSITE else 0
                        entries = {
                            c.code: _entry_for(c, strength[a.pk] + bonus, r, rubric.method) for c in criteria
                        }
                        points = {code: e["points"] for code, e in entries.items()}
                        # 最终评分 = the sum of the criterion scores; the first sheet of each batch goes through
                        # the rubric's own check (scoring.rubrics.total: 3 queries, too many for 77,000 sheets).
                        total = rubric_total(rubric.code, points) if not sheets else sum(points.values())
                        sheets.append(
                            ScoreSheet(
                                application=a,
                                expert=expert,
                                panel=panel,
                                stage=stage,
                                state=ScoreSheet.State.SUBMITTED,
                                total=total,
                                signature_name=expert.first_name,
                                signed_on=when.date(),
                                submitted_at=when,
                                updated_at=when,
                            )
                        )
                        contents.append(entries)
                        totals.setdefault((a.pk, stage), []).append({"expert": expert.pk, "total": total})
                for sheet in sheets:
                    ids.take(sheet)
                insert_objects(ScoreSheet, sheets)
                insert_rows(
                    ScoreEntry,
                    ("sheet_id", "criterion_id", "points", "aspects", "significant", "level", "comment"),
                    (
                        (
                            sheet.pk,
                            c.pk,
                            entries[c.code]["points"],
                            entries[c.code].get("aspects", []),
                            entries[c.code].get("significant"),
                            entries[c.code].get("level"),
                            "",
                        )
                        for sheet, entries in zip(sheets, contents, strict=True)
                        for c in criteria
                    ),
                    json_columns=("aspects",),
                )
                for sheet, entries in zip(sheets, contents, strict=True):
                    sheet_log.add(
                        ScoreSheetLog(
                            campaign_id=campaign.pk,
                            sheet_id=sheet.pk,
                            event=ScoreSheetLog.Event.SUBMITTED,
                            actor_id=sheet.expert_id,
                            application_id=sheet.application_id,
                            expert_id=sheet.expert_id,
                            stage=stage,
                            total=sheet.total,
                            entries={code: e["points"] for code, e in sorted(entries.items())},
                            signature_name=sheet.signature_name,
                            signed_on=sheet.signed_on,
                            reason="",
                            created_at=when,
                        )
                    )
            results = []
            for a in subset:
                rows = sorted(totals[(a.pk, stage)], key=lambda r: r["expert"])
                value, trimmed = panel_score(
                    [r["total"] for r in rows], trimmed_mean=campaign.use_trimmed_mean
                )
                results.append(
                    PanelResult(
                        panel=panel_of[a.pk],
                        application=a,
                        stage=stage,
                        score=value,
                        expert_totals=rows,
                        trimmed=trimmed,
                    )
                )
            for result in PanelResult.objects.bulk_create(results, batch_size=BATCH):
                seal_record(result)  # bulk_create sends no post_save: sealed as the application seals it

        score(Stage.MATERIAL, eligible, at(50))
        log(f"  material review: {len(eligible) * experts_per_panel} signed sheets")

        # The shortlist: the best material scores of each panel, in proportion.
        material = {
            a.pk: panel_score([r["total"] for r in totals[(a.pk, Stage.MATERIAL)]], trimmed_mean=False)[0]
            for a in eligible
        }
        per_panel = max(1, shortlisted // panels)
        chosen: set[int] = set()
        for panel in panel_rows:
            mine = sorted(
                (a for a in eligible if panel_of[a.pk].pk == panel.pk), key=lambda a: (-material[a.pk], a.pk)
            )
            chosen.update(a.pk for a in mine[:per_panel])
        onsite = [a for a in eligible if a.pk in chosen]
        score(Stage.ONSITE, onsite, at(80))
        sheet_log.close()
        log(f"  on-site: {len(onsite)} shortlisted, {len(onsite) * experts_per_panel} signed sheets")

        Application.objects.filter(pk__in=chosen).update(
            state=S.SHORTLISTED,
            public_consent=True,
            public_summary="在智慧城市领域工作多年，带领团队完成多项城市数字化项目。",
            public_achievements="主持建设区级城市运行感知平台。",
        )
        Application.objects.filter(campaign=campaign, state=S.ELIGIBLE).update(state=S.NOT_SHORTLISTED)

        # The procedure's transition chain, in the order the office would have produced it.
        transitions = ChainWriter(TransitionLog, campaign.pk)

        def log_campaign(action, source, target, when):
            transitions.add(
                TransitionLog(
                    subject=TransitionLog.Subject.CAMPAIGN,
                    campaign_id=campaign.pk,
                    action=action,
                    from_state=source,
                    to_state=target,
                    actor_id=office.pk if office else None,
                    role=Role.OFFICE,
                    reason="",
                    ip=None,
                    article="",
                    created_at=when,
                )
            )

        def log_app(a, action, source, target, actor_id, role, when):
            transitions.add(
                TransitionLog(
                    subject=TransitionLog.Subject.APPLICATION,
                    campaign_id=campaign.pk,
                    application_id=a.pk,
                    action=action,
                    from_state=source,
                    to_state=target,
                    actor_id=actor_id,
                    role=role,
                    reason="" if target != S.INELIGIBLE else "行业单位工作年限不足。",
                    ip=None,
                    article="",
                    created_at=when,
                )
            )

        office_id = office.pk if office else None
        log_campaign("open", P.DRAFT, P.OPEN, at(0))
        for a in apps:
            log_app(a, "submit", S.DRAFT, S.SUBMITTED, a.applicant_id, Role.APPLICANT, a.submitted_at)
        log_campaign("close_applications", P.OPEN, P.ELIGIBILITY, at(30))
        for k, a in enumerate(apps):
            when = at(31 + k * 10 / applications)
            if a.state == S.ELIGIBLE:
                log_app(a, "declare_eligible", S.SUBMITTED, S.ELIGIBLE, office_id, Role.OFFICE, when)
            else:
                log_app(a, "declare_ineligible", S.SUBMITTED, S.INELIGIBLE, office_id, Role.OFFICE, when)
        log_campaign("start_material_review", P.ELIGIBILITY, P.MATERIAL_REVIEW, at(42))
        for a in eligible:
            if a.pk in chosen:
                log_app(a, "shortlist", S.ELIGIBLE, S.SHORTLISTED, office_id, Role.OFFICE, at(61))
            else:
                log_app(a, "not_shortlist", S.ELIGIBLE, S.NOT_SHORTLISTED, office_id, Role.OFFICE, at(61))
        log_campaign("start_onsite", P.MATERIAL_REVIEW, P.ONSITE, at(62))
        log_campaign("start_public_input", P.ONSITE, P.PUBLIC_INPUT, now - datetime.timedelta(days=2))
        transitions.close()
        log(f"  transition chain: {transitions.length} records")

        _ballots(campaign, onsite, strength, ballots, rng, ids, log)
        ids.close()
    if connection.vendor == "postgresql":
        # Fresh planner statistics, as after any bulk load: without them PostgreSQL still believes the tables
        # hold a few rows and picks nested loops over 600,000 ratings (autovacuum would analyze them later).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        log("  ANALYZE")
    return campaign


def _ballots(campaign, candidates, strength, count, rng, ids, log) -> None:
    """`count` verified web ballots, each rating 1–5 of the candidates (one per identity), in batches."""
    groups = [VoterGroup.PUBLIC, VoterGroup.PUBLIC, VoterGroup.PUBLIC, VoterGroup.PRACTITIONER]
    start_at = campaign.public_input_opens_at
    for first in range(0, count, BATCH):
        batch = []
        for v in range(first, min(count, first + BATCH)):
            when = start_at + datetime.timedelta(seconds=v % 150_000)
            ip = f"10.{v // 65_536 % 256}.{v // 256 % 256}.{v % 256}"
            batch.append(
                Ballot(
                    id=None,
                    campaign=campaign,
                    voter_key=keyed_hash("voter", f"email:city-voter-{v}@example.cn"),
                    group=groups[v % len(groups)],
                    channel=Ballot.Channel.WEB,
                    ip_key=keyed_hash("ip", ip),
                    subnet=".".join(ip.split(".")[:3]) + ".0/24",
                    created_at=when,
                    updated_at=when,
                )
            )
        for b in batch:
            ids.take(b)
        votes = []
        for b in batch:
            ratings = {}
            for a in rng.sample(candidates, k=min(len(candidates), 1 + rng.randrange(5))):
                rating = min(5, max(1, round(1 + strength[a.pk] * 4 + rng.uniform(-1.2, 1.0))))
                votes.append((campaign.pk, a.pk, b.voter_key, rating, "", b.pk, "", b.created_at))
                ratings[a.pk] = rating
            b.mac = ballot_mac(**ballot_content(b, ratings))  # as the ballot services write it
        insert_objects(Ballot, batch)
        insert_rows(
            PublicVote,
            ("campaign_id", "application_id", "voter_key", "rating", "comment", "ballot_id", "comment_status")
            + ("created_at",),
            votes,
        )
        if (first // BATCH) % 10 == 9:
            log(f"  ballots: {first + len(batch)}")
    log(f"  {count} ballots, {PublicVote.objects.filter(campaign=campaign).count()} ratings")


def advance_to_composite(campaign: Campaign, office) -> Campaign:
    """End 公众评价 as the office would: the campaign moves to 综合评价 with its chained transition record (the
    procedure's notifications are not part of what is measured)."""
    with transaction.atomic():
        # The phase alone ends 公众评价 (window_open needs the 公众评价 phase); the approved window's dates are frozen
        # (awards/frozen.py) and stay as the committee set them.
        Campaign.objects.filter(pk=campaign.pk).update(phase=P.COMPOSITE)
        chain_append(
            TransitionLog(
                subject=TransitionLog.Subject.CAMPAIGN,
                campaign_id=campaign.pk,
                action="start_composite",
                from_state=P.PUBLIC_INPUT,
                to_state=P.COMPOSITE,
                actor=office,
                role=Role.OFFICE,
            ),
            campaign_id=campaign.pk,
        )
    campaign.refresh_from_db()
    return campaign
