"""`manage.py verify_audit`: recompute every tamper-evident chain (audit/chain.py, keyed), compare every
record that decides an outcome with its seal (workflow/seals.py) and every ballot with its MAC
(scoring/ballot_mac.py), compare the chain heads with the signed checkpoints outside the database
(workflow/anchors.py) and recompute every stored ranking from its inputs; say where the records stop agreeing
(docs/security.md §3). `coverage` lists what was checked and `LIMITS` what cannot be detected.

Per campaign, each check stops at its first mismatch: later rows of a broken chain prove nothing more.
"""

import hmac
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as _noop

from audit.chain import CHAINS, Chain, row_digest, row_values
from audit.keys import UnknownAuditKey
from awards.models import Campaign
from scoring.aggregation import panel_score
from scoring.ballot_mac import ballot_content, ballot_mac_matches
from scoring.models import Ballot, PublicVote, Ranking, ScoreEntry, ScoreSheet, ScoreSheetLog
from scoring.selectors.ranking import (
    Row,
    composite_of,
    group_means,
    public_component,
    public_tallies,
    q3,
    rank_rows,
    rules_of_inputs,
)
from workflow.anchors import BALLOTS, anchor_path, read_anchors
from workflow.models import AuditChainHead, CommitteeDecision, CommitteeVote, RecordSeal, TransitionLog
from workflow.seals import SEALED, sealed_content


@dataclass(frozen=True)
class Mismatch:
    campaign_id: int
    check: str
    message: str

    def __str__(self):
        return f"[campaign {self.campaign_id}] {self.check}: {self.message}"


def verify_audit(campaign_ids=None) -> list[Mismatch]:
    campaigns = Campaign.objects.order_by("pk")
    if campaign_ids:
        campaigns = campaigns.filter(pk__in=campaign_ids)
    anchors, bad_lines = read_anchors()
    problems: list[Mismatch] = []
    if bad_lines:
        problems.append(
            Mismatch(
                0,
                "anchor",
                _("检查点文件 %(path)s 第 %(lines)s 行的签名不符：检查点被改写。")
                % {"path": anchor_path(), "lines": ", ".join(map(str, bad_lines[:10]))},
            )
        )
    if not campaign_ids:
        existing = set(Campaign.objects.values_list("pk", flat=True))
        for campaign_id in sorted({c for c, _chain in anchors} - existing):
            problems.append(
                Mismatch(
                    campaign_id, "anchor", _("签名检查点记有该评选活动的审计链，但数据库中已没有该活动。")
                )
            )
    for campaign in campaigns:
        for check in (_chains, _seals, _ballots, _sheets, _states, _tallies, _rankings):
            problems.extend(check(campaign))
        problems.extend(_anchors(campaign, anchors))
    return problems


def _anchors(campaign, anchors) -> list[Mismatch]:
    """The table still holds every row a signed checkpoint outside the database recorded."""
    found = []
    for (campaign_id, chain_name), record in sorted(anchors.items()):
        if campaign_id != campaign.pk:
            continue
        length, head = record["length"], record["head"]
        if chain_name == BALLOTS:
            top = int(head)
            count = Ballot.objects.filter(campaign=campaign, id__lte=top).count()
            if count != length:
                found.append(
                    Mismatch(
                        campaign.pk,
                        "anchor",
                        _(
                            "检查点（%(at)s）记有编号不超过 %(top)s 的选票 %(n)s 张，现有 %(count)s 张：选票被删除或插入。"
                        )
                        % {"at": record["at"], "top": top, "n": length, "count": count},
                    )
                )
            continue
        chain = CHAINS.get(chain_name)
        if chain is None:
            continue
        row = _chain_rows(chain, campaign.pk).filter(chain_seq=length).first() if length else None
        if length and (row is None or row.row_hash != head):
            found.append(
                Mismatch(
                    campaign.pk,
                    "anchor",
                    _(
                        "审计链“%(chain)s”在检查点（%(at)s）时有 %(n)s 条记录，现在第 %(n)s 条缺失或与检查点的摘要不符："
                        "审计链被删改或整条删除。"
                    )
                    % {"chain": chain_name, "at": record["at"], "n": length},
                )
            )
    return found


def _seals(campaign) -> list[Mismatch]:
    """Every record that decides an outcome is what its last seal (a chained row) says it was written as."""
    latest: dict[tuple[str, int], RecordSeal] = {}
    for seal in RecordSeal.objects.filter(campaign=campaign).order_by("chain_seq", "pk").iterator(5000):
        latest[(seal.kind, seal.object_id)] = seal
    found = []
    for sealed in SEALED.values():
        model = apps.get_model(sealed.model)
        present = set()
        problem = None
        for record in model._base_manager.filter(**{sealed.campaign_path: campaign.pk}).order_by("pk"):
            present.add(record.pk)
            seal = latest.get((sealed.kind, record.pk))
            if seal is None or seal.deleted:
                problem = _("%(what)s #%(pk)s 没有封存记录（未经程序写入）。") % {
                    "what": model._meta.verbose_name,
                    "pk": record.pk,
                }
                break
            content = sealed_content(sealed, record)
            if content != seal.content:
                fields = sorted(
                    k for k in set(content) | set(seal.content) if content.get(k) != seal.content.get(k)
                )
                problem = _("%(what)s #%(pk)s 的 %(fields)s 与封存记录 #%(seal)s 不符：记录被修改。") % {
                    "what": model._meta.verbose_name,
                    "pk": record.pk,
                    "fields": ", ".join(fields),
                    "seal": seal.pk,
                }
                break
        if problem is None:
            for (kind, object_id), seal in sorted(latest.items()):
                if kind == sealed.kind and not seal.deleted and object_id not in present:
                    problem = _("%(what)s #%(pk)s 已封存（记录 #%(seal)s），但现已不存在：记录被删除。") % {
                        "what": model._meta.verbose_name,
                        "pk": object_id,
                        "seal": seal.pk,
                    }
                    break
        if problem:
            found.append(Mismatch(campaign.pk, sealed.kind, problem))
    return found


def _ballots(campaign) -> list[Mismatch]:
    """Every ballot carries a valid keyed MAC of what it counts, and is voided exactly when its last chained
    voiding/restoring log says so; no rating stands outside a ballot."""
    loose = PublicVote.objects.filter(campaign=campaign, ballot__isnull=True).order_by("pk").first()
    if loose is not None:
        return [
            Mismatch(
                campaign.pk,
                "ballot",
                _("公众评价 #%(pk)s 不属于任何选票（未经程序写入）。") % {"pk": loose.pk},
            )
        ]
    ratings: dict[int, dict] = {}
    for ballot_id, app_id, rating in (
        PublicVote.objects.filter(campaign=campaign, ballot__isnull=False)
        .values_list("ballot_id", "application_id", "rating")
        .iterator(10000)
    ):
        ratings.setdefault(ballot_id, {})[app_id] = rating
    voided = {}
    for seal in RecordSeal.objects.filter(campaign=campaign, kind="ballot_log", deleted=False).order_by(
        "chain_seq"
    ):
        voided[seal.content["ballot_id"]] = seal.content["action"] == "void"
    for ballot in Ballot.objects.filter(campaign=campaign).order_by("pk").iterator(5000):
        if not ballot_mac_matches(ballot.mac, **ballot_content(ballot, ratings.get(ballot.pk, {}))):
            return [
                Mismatch(
                    campaign.pk,
                    "ballot",
                    _("选票 #%(pk)s 的内容（类别、渠道或各项评价）与其校验码不符：选票被修改或插入。")
                    % {"pk": ballot.pk},
                )
            ]
        if (ballot.voided_at is not None) != voided.get(ballot.pk, False):
            return [
                Mismatch(
                    campaign.pk,
                    "ballot",
                    _("选票 #%(pk)s 的作废状态与其作废/恢复记录不符。") % {"pk": ballot.pk},
                )
            ]
    return []


def _chain_rows(chain: Chain, campaign_id: int):
    model = apps.get_model(chain.model)
    return model._base_manager.filter(**{chain.campaign_path: campaign_id})


def _chains(campaign) -> list[Mismatch]:
    found = []
    heads = {h.chain: h for h in AuditChainHead.objects.filter(campaign=campaign)}
    for chain in CHAINS.values():
        problem = _verify_chain(chain, campaign.pk, heads.get(chain.name))
        if problem:
            found.append(Mismatch(campaign.pk, chain.name, problem))
    return found


def _verify_chain(chain: Chain, campaign_id: int, head) -> str | None:
    rows = _chain_rows(chain, campaign_id)
    unchained = rows.filter(chain_seq__isnull=True).order_by("pk").first()
    if unchained is not None:
        return _("记录 #%(pk)s 不在审计链中（未经程序写入）。") % {"pk": unchained.pk}
    previous_hash, expected_seq = "", 1
    for row in rows.order_by("chain_seq", "pk").iterator(5000):
        if row.chain_seq != expected_seq:
            return _(
                "链序号 %(expected)s 处缺少记录（下一条是记录 #%(pk)s，序号 %(seq)s）：记录被删除或插入。"
            ) % {
                "expected": expected_seq,
                "pk": row.pk,
                "seq": row.chain_seq,
            }
        if row.prev_hash != previous_hash:
            return _("记录 #%(pk)s（序号 %(seq)s）所记的前一记录摘要与实际不符：之前的记录被修改或删除。") % {
                "pk": row.pk,
                "seq": row.chain_seq,
            }
        try:
            digest = row_digest(chain, row_values(chain, row))
        except UnknownAuditKey:
            return _(
                "记录 #%(pk)s（序号 %(seq)s）使用的审计密钥“%(key)s”未配置（AUDIT_HMAC_RETIRED_KEYS）。"
            ) % {
                "pk": row.pk,
                "seq": row.chain_seq,
                "key": row.key_id,
            }
        if not hmac.compare_digest(digest, row.row_hash or ""):
            return _("记录 #%(pk)s（序号 %(seq)s）的内容与其摘要不符：记录被修改。") % {
                "pk": row.pk,
                "seq": row.chain_seq,
            }
        previous_hash, expected_seq = row.row_hash, expected_seq + 1
    length = expected_seq - 1
    head_length, head_hash = (head.length, head.last_hash) if head else (0, "")
    if (head_length, head_hash) != (length, previous_hash):
        return _("审计链头记录 %(head)s 条，实际 %(length)s 条：末尾记录被删除或链头被修改。") % {
            "head": head_length,
            "length": length,
        }
    return None


def _sheets(campaign) -> list[Mismatch]:
    """Every sheet says what its last chained record says: submitted with exactly the signed content, or not."""
    last = {}
    for log in ScoreSheetLog.objects.filter(campaign=campaign).order_by("chain_seq", "pk").iterator(5000):
        last[log.sheet_id] = log
    # The points of every sheet in one query (a city's campaign has ~80,000 sheets; one query per sheet took
    # minutes): the same content as `sheet_signed_content`, which reads one sheet.
    points: dict[int, dict] = {}
    for sheet_id, code, value in (
        ScoreEntry.objects.filter(sheet__application__campaign=campaign)
        .values_list("sheet_id", "criterion__code", "points")
        .iterator(10000)
    ):
        points.setdefault(sheet_id, {})[code] = value
    sheets = ScoreSheet.objects.filter(application__campaign=campaign).order_by("pk")
    for sheet in sheets.iterator(5000):
        log = last.get(sheet.pk)
        submitted = sheet.state == ScoreSheet.State.SUBMITTED
        if submitted and (log is None or log.event != ScoreSheetLog.Event.SUBMITTED):
            return [
                Mismatch(
                    campaign.pk,
                    "sheet",
                    _("评分表 #%(pk)s 显示已提交，但没有对应的提交记录。") % {"pk": sheet.pk},
                )
            ]
        if not submitted and log is not None and log.event == ScoreSheetLog.Event.SUBMITTED:
            return [
                Mismatch(
                    campaign.pk,
                    "sheet",
                    _("评分表 #%(pk)s 已提交并签名，但现为草稿且没有退回记录。") % {"pk": sheet.pk},
                )
            ]
        if submitted:
            signed = {
                "total": log.total,
                "entries": log.entries,
                "signature_name": log.signature_name,
                "signed_on": log.signed_on,
            }
            content = {
                "total": sheet.total,
                "entries": points.get(sheet.pk, {}),
                "signature_name": sheet.signature_name,
                "signed_on": sheet.signed_on,
            }
            if content != signed:
                return [
                    Mismatch(
                        campaign.pk,
                        "sheet",
                        _("评分表 #%(pk)s 的得分或签名与提交时签署的内容（记录 #%(log)s）不符。")
                        % {"pk": sheet.pk, "log": log.pk},
                    )
                ]
    return []


def _states(campaign) -> list[Mismatch]:
    """The campaign's phase and each application's state are where their last logged transition left them."""
    logs = TransitionLog.objects.filter(campaign=campaign).order_by("chain_seq", "pk")
    phase, states = None, {}
    for log in logs.values("subject", "application_id", "to_state"):
        if log["subject"] == TransitionLog.Subject.CAMPAIGN:
            phase = log["to_state"]
        else:
            states[log["application_id"]] = log["to_state"]
    if phase is not None and campaign.phase != phase:
        return [
            Mismatch(
                campaign.pk,
                "transition",
                _("活动阶段为“%(now)s”，但最后一条流转记录为“%(logged)s”。")
                % {"now": campaign.phase, "logged": phase},
            )
        ]
    for pk, state in campaign.applications.filter(pk__in=states).order_by("pk").values_list("pk", "state"):
        if states[pk] != state:
            return [
                Mismatch(
                    campaign.pk,
                    "transition",
                    _("申报 #%(pk)s 状态为“%(now)s”，但最后一条流转记录为“%(logged)s”。")
                    % {"pk": pk, "now": state, "logged": states[pk]},
                )
            ]
    return []


def _tallies(campaign) -> list[Mismatch]:
    """A closed committee decision's counts are the counts of its (chained) votes."""
    closed = CommitteeDecision.objects.filter(campaign=campaign).exclude(
        result=CommitteeDecision.Result.PENDING
    )
    for decision in closed.order_by("pk"):
        counts = Counter(decision.votes.values_list("choice", flat=True))
        stored = (decision.approvals, decision.rejections, decision.abstentions)
        actual = tuple(
            counts[c]
            for c in (CommitteeVote.Choice.APPROVE, CommitteeVote.Choice.REJECT, CommitteeVote.Choice.ABSTAIN)
        )
        if stored != actual:
            return [
                Mismatch(
                    campaign.pk,
                    "vote",
                    _("组委会决定 #%(pk)s 记载的票数 %(stored)s 与表决记录 %(actual)s 不符。")
                    % {"pk": decision.pk, "stored": stored, "actual": actual},
                )
            ]
    return []


def _dec(value) -> Decimal | None:
    return None if value is None else q3(value)


def _rankings(campaign) -> list[Mismatch]:
    for ranking in Ranking.objects.filter(campaign=campaign).order_by("pk"):
        problem = ranking_mismatch(ranking)
        if problem:
            return [Mismatch(campaign.pk, "ranking", problem)]
    return []


def ranking_mismatch(ranking: Ranking) -> str | None:
    """Recompute a stored ranking from its stored inputs with scoring/selectors/ranking.py (panel scores from the
    experts' totals, the public score from the counted ballots per group, the composite on one scale, the order,
    ties and quota lines)."""
    inputs = ranking.inputs or {}
    weights = inputs.get("weights")
    if not weights:  # a ranking stored before the one-scale formula (scoring/selectors/ranking.py)
        return _("该排名按旧公式计算，无法按现行公式复核，请重新计算。")
    entries = list(ranking.entries.order_by("rank", "application_id"))
    tallies = (
        public_tallies(ranking.campaign, [e.application_id for e in entries]) if weights.get("public") else {}
    )
    rules = rules_of_inputs(inputs)  # the ranking's stored rules (issue 22)
    means = group_means(tallies) if rules["public_prior_weight"] else None
    legacy = "trim_min_experts" not in inputs
    rows = []
    for entry in entries:
        b = entry.breakdown or {}
        where = _("排名 #%(ranking)s 中申报 #%(app)s") % {"ranking": ranking.pk, "app": entry.application_id}
        for key, stored in (("onsite", entry.onsite_score), ("material", entry.material_score)):
            part = b.get(key)
            if part and part.get("expert_totals"):
                totals = [t["total"] if isinstance(t, dict) else t for t in part["expert_totals"]]
                norm = b.get("normalisation")  # decisions 210: the score was taken of the normalised totals
                if norm and norm.get(key):
                    totals = [Decimal(t) for t in norm[key]]
                score, _trimmed = panel_score(
                    totals, trimmed_mean=bool(inputs.get("use_trimmed_mean")), legacy=legacy
                )
                if _dec(stored) != q3(score):
                    return _("%(where)s的%(stage)s得分 %(stored)s 与各专家总分算出的 %(score)s 不符。") % {
                        "where": where,
                        "stage": key,
                        "stored": stored,
                        "score": score,
                    }
        public = None
        if weights.get("public"):
            public, _detail = public_component(
                tallies.get(entry.application_id, {}),
                weights["groups"],
                inputs.get("rubric_max"),
                rules,
                means,
            )
            if public != _dec(entry.public_score):
                return _("%(where)s的公众评价折算分与公众评价记录不符。") % {"where": where}
        if entry.onsite_score is None or entry.material_score is None:
            return _("%(a)s：存储的排名中有，但复核时缺少评议得分。") % {"a": where}
        composite, normalised = composite_of(
            _dec(entry.material_score), _dec(entry.onsite_score), public, weights
        )
        if composite != _dec(entry.composite):
            return _("%(where)s的综合得分 %(stored)s 与重新计算的 %(computed)s 不符。") % {
                "where": where,
                "stored": entry.composite,
                "computed": composite,
            }
        subtotal = b.get("tiebreak_subtotal")
        rows.append(
            Row(
                application_id=entry.application_id,
                onsite=_dec(entry.onsite_score),
                material=_dec(entry.material_score),
                public=public,
                subtotal=_dec(subtotal) if subtotal is not None else None,
                composite=composite,
                weights=normalised,
            )
        )
    ranked = rank_rows(
        rows,
        quota=inputs.get("quota", 0),
        nomination_quota=inputs.get("nomination_quota", 0),
        minimum=q3(inputs.get("min_composite_score", "0")),
        order=rules["tiebreak_order"],
    )
    computed = {r.application_id: (r.rank, r.tied, str(r.outcome)) for r in ranked}
    for entry in entries:
        if computed.get(entry.application_id) != (entry.rank, entry.tied, entry.outcome):
            return _("排名 #%(ranking)s 中申报 #%(app)s 的名次/并列/结果与重新计算的不符。") % {
                "ranking": ranking.pk,
                "app": entry.application_id,
            }
    return None


# What verify_audit cannot detect (printed by the command, docs/security.md §3).
LIMITS = (
    _noop("持有审计密钥（AUDIT_HMAC_KEY）并能同时改写检查点文件及其所有副本的人所做的改写。"),
    _noop("最近一个检查点之后，连同链头一起删除的链尾记录或整条链（请定时运行 anchor_audit）。"),
    _noop("选票被整行回退到它自己更早的一个版本（旧行连同旧校验码），以及最近一个检查点之后被删除的选票。"),
    _noop("未列入审计范围的数据（申报材料正文、附件内容、账户等）。"),
)


def coverage(campaign_ids=None) -> list[tuple[str, str, int]]:
    """(check name, what, rows) for every kind of record verify_audit checks."""

    def count(model, path):
        rows = model._base_manager.all()
        return rows.filter(**{f"{path}__in": campaign_ids}).count() if campaign_ids else rows.count()

    found = [
        (
            chain.name,
            str(apps.get_model(chain.model)._meta.verbose_name),
            count(apps.get_model(chain.model), chain.campaign_path),
        )
        for chain in CHAINS.values()
    ]
    for sealed in SEALED.values():
        model = apps.get_model(sealed.model)
        found.append((sealed.kind, str(model._meta.verbose_name), count(model, sealed.campaign_path)))
    found.append(("ballot", str(Ballot._meta.verbose_name), count(Ballot, "campaign_id")))
    anchors, _bad = read_anchors()
    found.append(
        (
            "anchor",
            _("签名检查点（%(path)s）") % {"path": anchor_path()},
            sum(1 for c, _chain in anchors if not campaign_ids or c in campaign_ids),
        )
    )
    found.append(("ranking", str(Ranking._meta.verbose_name), count(Ranking, "campaign_id")))
    return found
