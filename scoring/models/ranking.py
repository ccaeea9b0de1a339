"""Public input (公众评价, 第十九条) and the composite ranking (综合评价, 第二十条)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicVote(models.Model):
    """One rating of one candidate during 公众评价 (one per voter per application), part of a `Ballot`.

    A vote without a ballot (entered in the admin before ballots existed) counts in the 社会公众 group."""

    class CommentStatus(models.TextChoices):
        NONE = "", _("无意见")
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("未通过")

    campaign = models.ForeignKey("awards.Campaign", on_delete=models.CASCADE, related_name="public_votes")
    application = models.ForeignKey(
        "awards.Application", on_delete=models.CASCADE, related_name="public_votes"
    )
    voter_key = models.CharField(_("投票人标识（摘要）"), max_length=64)
    rating = models.PositiveSmallIntegerField(_("评价（1–5）"))
    comment = models.TextField(_("意见"), blank=True, max_length=1000)
    ballot = models.ForeignKey(
        "scoring.Ballot", null=True, blank=True, on_delete=models.CASCADE, related_name="votes"
    )
    comment_status = models.CharField(
        _("意见审核"), max_length=10, choices=CommentStatus.choices, default="", blank=True
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("公众评价")
        verbose_name_plural = _("公众评价")
        constraints = [
            models.UniqueConstraint(fields=["application", "voter_key"], name="uniq_public_vote"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="public_vote_1_5"),
        ]


class Ranking(models.Model):
    """One computation of the composite ranking, stored with its inputs so it can be recomputed and explained."""

    campaign = models.ForeignKey("awards.Campaign", on_delete=models.CASCADE, related_name="rankings")
    computed_at = models.DateTimeField(auto_now_add=True)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    inputs = models.JSONField(_("计算参数"), default=dict)
    is_current = models.BooleanField(default=True)
    inputs_digest = models.CharField(
        _("输入摘要"),
        max_length=64,
        blank=True,
        help_text=_("计算时得分与计入选票的摘要；与现时不符即排名已过期（决定 245）"),
    )
    inputs_version = models.BigIntegerField(
        _("输入版本"),
        null=True,
        blank=True,
        help_text=_("计算时排名输入的写入次数；现时次数不同即排名已过期（决定 360）"),
    )

    class Meta:
        verbose_name = _("综合排名")
        verbose_name_plural = _("综合排名")
        ordering = ["-computed_at"]


class RankingEntry(models.Model):
    class Outcome(models.TextChoices):
        RECOMMENDED = "recommended", _("建议名单")
        NOMINATED = "nominated", _("提名")
        NONE = "none", _("未推荐")

    ranking = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="entries")
    application = models.ForeignKey(
        "awards.Application", on_delete=models.CASCADE, related_name="ranking_entries"
    )
    material_score = models.DecimalField(max_digits=7, decimal_places=3, null=True)
    onsite_score = models.DecimalField(max_digits=7, decimal_places=3, null=True)
    public_score = models.DecimalField(max_digits=7, decimal_places=3, null=True)
    composite = models.DecimalField(_("综合得分"), max_digits=7, decimal_places=3)
    rank = models.PositiveIntegerField(_("名次"))
    tied = models.BooleanField(_("并列待组委会裁定"), default=False)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.NONE)
    breakdown = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("排名条目")
        verbose_name_plural = _("排名条目")
        ordering = ["ranking_id", "rank"]


class RankingInputsCounter(models.Model):
    """How many writes the inputs of a campaign's ranking have had (decisions 360): every write of what
    `scoring.selectors.ranking.inputs_digest` reads adds one to one of `SHARDS` rows of the campaign, inside the
    writer's transaction (scoring/services/ranking_inputs.py). The sum over the rows only grows, so a ranking that
    stored the sum it was computed at is current exactly while the sum is the same — one query on a page view
    instead of the digest over every ballot. The rows are shards so that parallel ballots do not all wait for
    one row's lock."""

    campaign = models.ForeignKey("awards.Campaign", on_delete=models.CASCADE, related_name="+")
    shard = models.PositiveSmallIntegerField()
    writes = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("排名输入写入计数")
        verbose_name_plural = _("排名输入写入计数")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "shard"], name="uniq_ranking_inputs_shard"),
        ]
