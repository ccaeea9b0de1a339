"""推荐邀请 — a unit's request to recommend the owner of an existing account (第十五条 单位推荐).

A unit never attaches an account to an application by typing its email: the owner reads the invitation under
/me/ and accepts or declines it (docs/decisions.md, "Unit recommendation of an existing account").
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from awards.models.campaigns import Campaign
from awards.models.organisations import Organization


class RecommendationInvitation(models.Model):
    """推荐邀请: pending until the invited account's owner accepts (an application is then created or their
    draft names the unit) or declines."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待申报人确认")
        ACCEPTED = "accepted", _("已接受")
        DECLINED = "declined", _("已谢绝")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="recommendation_invitations",
        verbose_name=_("被邀请账号"),
    )
    name = models.CharField(_("申报人姓名"), max_length=50)
    email = models.EmailField(_("申报人电子邮箱"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PENDING)
    application = models.ForeignKey(
        "awards.Application", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("推荐邀请")
        verbose_name_plural = _("推荐邀请")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organization", "user"],
                condition=models.Q(status="pending"),
                name="uniq_pending_invitation",
            )
        ]

    def __str__(self):
        return f"{self.organization} → {self.name} ({self.get_status_display()})"
