"""`python manage.py print_demo_accounts` — the demo accounts table (username, role, password), for `make demo`."""

import unicodedata

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from awards.permissions import Role
from demo.accounts import DEMO_PASSWORD, demo_accounts


def pad(text: str, width: int) -> str:
    """Left-justify to a display width (a Chinese character takes two columns)."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - used, 1)


class Command(BaseCommand):
    help = _("列出演示账号（用户名、角色、密码）。")

    def handle(self, *args, **options):
        names = [a.username for a in demo_accounts()]
        present = set(User.objects.filter(username__in=names).values_list("username", flat=True))
        if not present:
            self.stdout.write(
                self.style.WARNING(_("尚未载入演示数据：请先运行 python manage.py seed_demo。"))
            )
            return
        self.stdout.write(_("演示账号（登录页面 /accounts/login/，密码均为 %(pw)s）") % {"pw": DEMO_PASSWORD})
        self.stdout.write(pad(_("用户名"), 14) + pad(_("角色"), 14) + pad(_("姓名"), 10) + _("密码"))
        for account in demo_accounts():
            if account.username in present:
                self.stdout.write(
                    pad(account.username, 14)
                    + pad(str(Role(account.role).label), 14)
                    + pad(account.full_name, 10)
                    + DEMO_PASSWORD
                    + self.second_factor(account.username)
                )

    def second_factor(self, username: str) -> str:
        """The demo authenticator's secret and a backup code (security/demo.py), for the roles that need them."""
        from security.demo import demo_second_factor

        pair = demo_second_factor(username)
        if pair is None:
            return ""
        return "  " + _("两步验证密钥 %(secret)s，备用码 %(code)s") % {"secret": pair[0], "code": pair[1]}
