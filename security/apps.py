from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = _("账号安全")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from config.pagecache import register_fill
        from security import signals  # noqa: F401  (sign-in, sign-out, admin changes → the security log)
        from security.context_processors import IDLE_LEFT_PLACEHOLDER, idle_left

        # a page kept by the page cache shows this session's own seconds left before its idle timeout
        register_fill(IDLE_LEFT_PLACEHOLDER, idle_left)
