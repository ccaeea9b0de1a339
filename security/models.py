"""The security event log (网络安全法 第二十一条), the sessions of each user and the devices they signed in from."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityEvent(models.Model):
    """安全事件 — one sign-in, second-factor step, refused access, personal-data export, admin change or key
    rotation. Chained like the audit rows (security/events.py): never edited, purged only after the retention
    period (`purge_security_log`)."""

    class Kind(models.TextChoices):
        LOGIN_OK = "login_ok", _("登录成功（密码）")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOGOUT = "logout", _("退出登录")
        OTP_VERIFIED = "otp_verified", _("第二因素验证成功")
        OTP_FAILED = "otp_failed", _("第二因素验证失败")
        BACKUP_CODE_USED = "backup_code_used", _("使用备用码")
        OTP_ENROLLED = "otp_enrolled", _("绑定身份验证器")
        OTP_RESET = "otp_reset", _("重置第二因素")
        OTP_DISABLED = "otp_disabled", _("停用第二因素")
        NEW_DEVICE = "new_device", _("新设备登录")
        IDLE_TIMEOUT = "idle_timeout", _("空闲超时退出")
        SESSIONS_ENDED = "sessions_ended", _("退出所有其他会话")
        ACCESS_DENIED = "access_denied", _("访问被拒绝")
        PERSONAL_DATA_EXPORT = "personal_data_export", _("导出个人信息")
        ADMIN_CHANGE = "admin_change", _("管理后台修改")
        KEY_ROTATION = "key_rotation", _("密钥轮换")
        PASSWORD_CHANGED = "password_changed", _("修改密码")
        LOG_PURGED = "log_purged", _("清理过期安全日志")
        DATA_REQUEST = "data_request", _("办理个人信息请求")

    chain_seq = models.PositiveIntegerField(_("链序号"), unique=True, null=True, editable=False)
    prev_hash = models.CharField(_("前一记录摘要"), max_length=64, blank=True, editable=False)
    row_hash = models.CharField(_("记录摘要"), max_length=64, blank=True, editable=False)
    key_id = models.CharField(_("审计密钥编号"), max_length=20, blank=True, editable=False)
    kind = models.CharField(_("事件"), max_length=30, choices=Kind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    ip = models.CharField(_("IP地址"), max_length=64, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=300, blank=True)
    path = models.CharField(_("地址"), max_length=500, blank=True)
    details = models.JSONField(_("详情"), default=dict, blank=True)
    created_at = models.DateTimeField(_("时间"), db_index=True)

    class Meta:
        verbose_name = _("安全事件")
        verbose_name_plural = _("安全事件")
        ordering = ["chain_seq"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username}"


class SecurityLogHead(models.Model):
    """The security log's chain head (one row): its length and last hash, and where purging left its start."""

    length = models.PositiveIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)
    purged_through = models.PositiveIntegerField(default=0)  # rows 1..purged_through were purged
    purged_last_hash = models.CharField(max_length=64, blank=True)  # the row_hash of the last purged row


class UserSession(models.Model):
    """会话 — one signed-in session of a user, listed on the user's 账号安全 page (ended: signed out)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracked_sessions"
    )
    session_key = models.CharField(max_length=64, db_index=True)
    ip = models.CharField(_("IP地址"), max_length=64, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("登录时间"), auto_now_add=True)
    last_seen = models.DateTimeField(_("最近活动"), auto_now_add=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("会话")
        verbose_name_plural = _("会话")
        ordering = ["-created_at"]


class KnownDevice(models.Model):
    """A browser a user has signed in from (a long-lived random cookie, stored hashed): a sign-in from a browser
    not known for the user is mailed to them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="known_devices")
    token_hash = models.CharField(max_length=64)
    user_agent = models.CharField(max_length=300, blank=True)
    first_seen = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "token_hash"], name="uniq_known_device")]
