"""Public input (公众评价, 第十九条): verified ballots, their ratings, one-time codes and the office's voiding log.

A ballot is one verified identity's input in one campaign (the identity kept only as a keyed hash, HMAC-SHA256,
see `scoring.services.voter_identity`); its ratings are `PublicVote` rows, one per candidate it rates. A changed ballot
replaces its ratings; a voided ballot stays stored but stops counting (docs/decisions.md).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class VoterGroup(models.TextChoices):
    """The three groups of 第十九条: 社会公众, 从业人员, 企事业单位."""

    PUBLIC = "public", _("社会公众")
    PRACTITIONER = "practitioner", _("从业人员")
    ORGANISATION = "organisation", _("企事业单位")


#: The groups in display order, with the campaign field holding each group's weight (第十九条; the ranking and the
#: voters' page of how a rating counts read the weights by these names).
GROUP_WEIGHT_FIELDS = (
    (VoterGroup.PUBLIC, "public_weight_general"),
    (VoterGroup.PRACTITIONER, "public_weight_practitioner"),
    (VoterGroup.ORGANISATION, "public_weight_organisation"),
)


class Ballot(models.Model):
    """选票 — one identity's ratings in one campaign (one per identity per campaign)."""

    class Channel(models.TextChoices):
        WEB = "web", _("网上评价（验证码核验）")
        UNIT = "unit", _("单位账户")
        OFFICE = "office", _("办公室录入（其他渠道）")

    campaign = models.ForeignKey("awards.Campaign", on_delete=models.CASCADE, related_name="ballots")
    voter_key = models.CharField(_("投票人标识（密钥摘要）"), max_length=64)
    group = models.CharField(_("类别"), max_length=20, choices=VoterGroup.choices)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    source = models.CharField(
        _("来源"), max_length=200, blank=True, help_text=_("其他渠道的名称，如纸质问卷")
    )
    organization = models.ForeignKey(
        "awards.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="ballots"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ip_key = models.CharField(_("IP 摘要"), max_length=64, blank=True)
    subnet = models.CharField(_("网段"), max_length=50, blank=True)
    device_key = models.CharField(_("设备摘要"), max_length=64, blank=True)
    mail_domain = models.CharField(
        _("邮箱域名"), max_length=253, blank=True, help_text=_("只存域名，不存邮箱（决定 242）")
    )
    version = models.PositiveIntegerField(_("修改次数"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    void_reason = models.CharField(_("作废原因"), max_length=500, blank=True)
    mac = models.CharField(
        _("选票校验码"), max_length=90, blank=True, editable=False
    )  # scoring/ballot_mac.py

    class Meta:
        verbose_name = _("公众评价选票")
        verbose_name_plural = _("公众评价选票")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "voter_key"], name="uniq_ballot_per_identity"),
        ]
        indexes = [
            models.Index(fields=["campaign", "subnet"]),
            models.Index(fields=["campaign", "ip_key"]),
            models.Index(fields=["campaign", "device_key"]),
            models.Index(fields=["campaign", "created_at"]),
            models.Index(fields=["campaign", "mail_domain"]),
        ]

    def __str__(self) -> str:
        return _("选票 #%(pk)s（%(group)s）") % {"pk": self.pk, "group": self.get_group_display()}

    @property
    def counts(self) -> bool:
        return self.voided_at is None


class BallotLog(models.Model):
    """作废/恢复记录 — every voiding and restoring of a ballot, with its reason and who did it."""

    class Action(models.TextChoices):
        VOID = "void", _("作废")
        RESTORE = "restore", _("恢复")

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="logs")
    action = models.CharField(max_length=10, choices=Action.choices)
    reason = models.CharField(_("原因"), max_length=500)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("选票作废/恢复记录")
        verbose_name_plural = _("选票作废/恢复记录")
        ordering = ["at"]


class VerificationCode(models.Model):
    """一次性验证码 — sent to a mobile number or email; stored as a keyed hash, expires, allows a few tries."""

    campaign = models.ForeignKey("awards.Campaign", on_delete=models.CASCADE, related_name="+")
    voter_key = models.CharField(max_length=64)
    code_key = models.CharField(max_length=64)
    mail_domain = models.CharField(max_length=253, blank=True)  # the domain only, carried to the ballot
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["campaign", "voter_key"])]
