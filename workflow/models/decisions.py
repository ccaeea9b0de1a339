"""Committee decisions (第二十条, 第二十二条), honors (第二十三条), revocation and cancellation (第二十九、三十条)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audit.records import ChainedRecord
from awards.text_limits import BoundedText
from workflow.verify_codes import LENGTH, new_verify_code


class CommitteeDecision(BoundedText, models.Model):
    """组委会决定 — a matter put to the committee, voted by members."""

    class Kind(models.TextChoices):
        CONFIRM_RECOMMENDED = "confirm_recommended", _("审核确认建议名单")
        FINAL_LIST = "final_list", _("决定获荣名单")
        REVOCATION = "revocation", _("批准撤销/取消荣誉")
        RULES = "rules", _("审议评议规则")
        STANDING_RULES = "standing_rules", _("组委会议事规则")

    class Result(models.TextChoices):
        PENDING = "pending", _("表决中")
        APPROVED = "approved", _("通过")
        REJECTED = "rejected", _("未通过")

    campaign = models.ForeignKey(
        "awards.Campaign", on_delete=models.PROTECT, related_name="committee_decisions"
    )
    kind = models.CharField(_("事项"), max_length=30, choices=Kind.choices)
    revocation = models.OneToOneField(
        "workflow.Revocation", null=True, blank=True, on_delete=models.PROTECT, related_name="decision"
    )
    summary = models.TextField(_("说明"), blank=True, max_length=4000)
    listed = models.JSONField(
        _("表决时的名单"), default=list, blank=True, help_text=_("[[申报ID, 状态], …] — 委员表决的名单")
    )
    withdrawn = models.JSONField(
        _("异议成立、建议不予授予的申报"),
        default=list,
        blank=True,
        help_text=_("第二十二条：办公室对成立异议的处理意见随获荣名单提请组委会决定 — [申报ID, …]"),
    )
    rules = models.JSONField(
        _("提请审议的评议规则"), default=dict, blank=True, help_text=_("第八条（二）：权重、最低分、名额等")
    )
    result = models.CharField(_("结果"), max_length=10, choices=Result.choices, default=Result.PENDING)
    document_number = models.CharField(_("发文号"), max_length=100, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("表决结束时间"), null=True, blank=True)
    members_count = models.PositiveSmallIntegerField(_("组委会委员人数"), null=True, blank=True)
    quorum = models.PositiveSmallIntegerField(_("法定人数"), null=True, blank=True)
    majority_percent = models.PositiveSmallIntegerField(
        _("通过所需赞成比例 %"),
        null=True,
        blank=True,
        help_text=_("表决结束时适用的组委会议事规则：赞成票须超过参加表决委员的该比例"),
    )
    approvals = models.PositiveSmallIntegerField(_("同意票"), null=True, blank=True)
    rejections = models.PositiveSmallIntegerField(_("不同意票"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("弃权票"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("组委会决定")
        verbose_name_plural = _("组委会决定")
        ordering = ["-created_at"]


class CommitteeVote(BoundedText, ChainedRecord):
    """委员表决 — one member's vote on a committee matter; chained per campaign (audit/chain.py)."""

    class Choice(models.TextChoices):
        APPROVE = "approve", _("同意")
        REJECT = "reject", _("不同意")
        ABSTAIN = "abstain", _("弃权")

    decision = models.ForeignKey(CommitteeDecision, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="committee_votes"
    )
    choice = models.CharField(_("表决"), max_length=10, choices=Choice.choices)
    comment = models.TextField(_("意见"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("委员表决")
        verbose_name_plural = _("委员表决")
        constraints = [models.UniqueConstraint(fields=["decision", "member"], name="one_vote_per_member")]


class Honor(models.Model):
    """荣誉 — an awarded title or nomination honor with its certificate (第二十三条)."""

    class Kind(models.TextChoices):
        TITLE = "title", _("荣誉称号")
        NOMINATION = "nomination", _("提名荣誉")

    application = models.OneToOneField("awards.Application", on_delete=models.PROTECT, related_name="honor")
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    certificate_number = models.CharField(_("证书编号"), max_length=40, unique=True)
    awarded_on = models.DateField(_("获荣日期"))
    document_number = models.CharField(_("发文号"), max_length=100, blank=True)
    may_day_medal_list = models.BooleanField(_("申报五一劳动奖章"), default=False)
    may_day_conditions_ok = models.BooleanField(
        _("符合综合条件（办公室核对）"),
        null=True,
        blank=True,
        help_text=_(
            "第二十三条：对符合综合条件且为工会会员的获荣个人即时申报五一劳动奖章；由办公室逐人核对。"
        ),
    )
    may_day_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    may_day_note = models.CharField(_("核对说明"), max_length=300, blank=True)
    shanghai_craftsman_priority = models.BooleanField(_("优先推荐次年上海工匠"), default=False)
    certificate_recalled_at = models.DateTimeField(_("证书收回时间"), null=True, blank=True)
    # 证书核验码 (docs/decisions.md 220–221): printed with a QR code on the certificate, looked up on /verify/.
    verify_code = models.CharField(
        _("证书核验码"), max_length=LENGTH, unique=True, default=new_verify_code, editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("荣誉")
        verbose_name_plural = _("荣誉")
        ordering = ["certificate_number"]

    def __str__(self):
        return self.certificate_number


def revocation_evidence_path(instance, filename):
    return f"revocations/{instance.honor_id}/{filename}"


class Revocation(BoundedText, models.Model):
    """撤销 (第三十条, ≤ 2 years) or 取消 (第二十九条, fraud, any time) of an honor."""

    class Kind(models.TextChoices):
        REVOKE = "revoke", _("撤销（第三十条）")
        CANCEL = "cancel", _("取消（第二十九条）")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待组委会批准")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("未批准")

    honor = models.ForeignKey(Honor, on_delete=models.PROTECT, related_name="revocations")
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    reason = models.TextField(_("事由"), max_length=4000)
    misconduct_on = models.DateField(
        _("违规行为发生日期"),
        null=True,
        blank=True,
        help_text=_("第三十条：获荣起2年内发生的行为才能撤销（以行为发生日期计，而非提出日期）。"),
    )
    evidence = models.FileField(_("核实材料"), upload_to=revocation_evidence_path, null=True, blank=True)
    sponsor_consent_document = models.CharField(_("主办单位同意文号"), max_length=100, blank=True)
    sponsor_consent_on = models.DateField(_("主办单位同意日期"), null=True, blank=True)
    next_committee_document = models.CharField(_("下届组委会确认文号"), max_length=100, blank=True)
    next_committee_confirmed_on = models.DateField(_("下届组委会确认日期"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    executed_at = models.DateTimeField(_("执行时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("撤销/取消荣誉")
        verbose_name_plural = _("撤销/取消荣誉")


class CreditRecord(BoundedText, models.Model):
    """信用记录 — for the municipal social credit system (第二十九条)."""

    person = models.ForeignKey("awards.Person", on_delete=models.PROTECT, related_name="credit_records")
    organization = models.ForeignKey(
        "awards.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_records"
    )
    reason = models.TextField(_("事由"), max_length=4000)
    recorded_on = models.DateField(_("记录日期"))
    revocation = models.ForeignKey(Revocation, null=True, blank=True, on_delete=models.PROTECT)
    submitted_on = models.DateField(
        _("报送日期"),
        null=True,
        blank=True,
        help_text=_("第二十九条：报送本市社会信用信息系统的日期；报送前为“待报送”。"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("信用记录")
        verbose_name_plural = _("信用记录")
