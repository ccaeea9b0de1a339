"""个人信息保护 (PIPL): consents per person and purpose under a versioned notice, the person's own requests
(correction, deletion), and the record of every look at personal data by somebody else (`AccessLog`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Consent(models.Model):
    """One consent of one person for one purpose, given under one version of the privacy notice (PIPL 第十四条:
    informed, specific; 第二十九条: a separate consent for sensitive personal information). Withdrawing sets
    `withdrawn_at` (第十五条); giving it again makes a new row, so the history of each purpose is kept."""

    class Purpose(models.TextChoices):
        SENSITIVE = "sensitive", _("处理敏感个人信息（身份证号等）")
        PUBLICATION = "publication", _("在公开页面公开简介与代表性成果")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("用途"), max_length=16, choices=Purpose.choices)
    notice_version = models.CharField(_("告知版本"), max_length=32)
    given_at = models.DateTimeField(_("同意时间"))
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at", "-pk"]
        verbose_name = _("个人信息同意")
        verbose_name_plural = _("个人信息同意")
        indexes = [models.Index(fields=["user", "purpose"])]

    def __str__(self):
        return f"{self.user} {self.purpose} {self.notice_version}"


class DataRequest(models.Model):
    """A person's request about their own data (PIPL 第四十六条 correction, 第四十七条 deletion). A deletion
    that must wait for the retention period of 第三十一条 carries the date it can be honoured and the reason. The
    office answers (`reply`), completes or refuses it (`awards.services.privacy.data_request_*`); a closed request
    (done, refused) is not acted on again."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("更正")
        DELETION = "deletion", _("删除")

    class State(models.TextChoices):
        OPEN = "open", _("待处理")
        WAITING = "waiting", _("保存期内，届时删除")
        DONE = "done", _("已办结")
        REFUSED = "refused", _("拒绝")

    #: The states after which nothing more is done on the request.
    CLOSED = (State.DONE, State.REFUSED)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_requests")
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("说明"), blank=True)
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    honour_on = models.DateField(_("可删除日期"), null=True, blank=True)
    wait_reason = models.TextField(_("暂不删除的原因"), blank=True)
    # the office's answer (issue 25 item 3): shown to the person on /me/privacy/ and in the notice
    reply = models.TextField(_("办公室答复"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("办理人"),
    )
    handled_at = models.DateTimeField(_("办理时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("个人信息请求")
        verbose_name_plural = _("个人信息请求")


class AccessLog(models.Model):
    """Who saw which personal data, when, in which campaign, how many rows, for what purpose, in which file
    (GB/T 22239-2019 8.1.4.3 安全审计; PIPL 第五十一条, 第五十五条). Written by `awards.services.privacy.log_access`
    only; never changed."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("导出")
        APPLICATION_PDF = "application_pdf", _("申报表 PDF")
        APPLICATION_DOCX = "application_docx", _("申报表 Word")
        PAGE = "page", _("页面")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("查看人")
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    campaign = models.ForeignKey(
        "awards.Campaign",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("活动"),
    )
    kind = models.CharField(_("方式"), max_length=20, choices=Kind.choices)
    what = models.CharField(_("内容"), max_length=120)
    rows = models.PositiveIntegerField(_("条数"), default=0)
    full = models.BooleanField(_("完整显示身份证号与电话"), default=False)
    purpose = models.TextField(_("用途"), blank=True)
    file_kind = models.CharField(_("文件类型"), max_length=8, blank=True)
    application = models.ForeignKey(
        "awards.Application",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("申报"),
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("个人信息查看记录")
        verbose_name_plural = _("个人信息查看记录")
