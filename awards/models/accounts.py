"""账号资料 — what an account carries beyond Django's user: the phone given at registration and when the
email address was confirmed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from awards.fields import BlindIndexField, EncryptedTextField
from awards.validators import validate_phone


class AccountProfile(models.Model):
    """账号资料 — one per registered user (申报人 or 推荐机构 staff)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    phone = EncryptedTextField(
        _("手机号"), max_length=20, blank=True, validators=[validate_phone], purpose="phone"
    )
    phone_bidx = BlindIndexField(source="phone", kind="phone", db_index=True)
    email_confirmed_at = models.DateTimeField(_("邮箱确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("账号资料")
        verbose_name_plural = _("账号资料")

    def __str__(self):
        return str(self.user)
