"""Password rule of GB/T 22239-2019 8.1.4.1 b (复杂度): three of the four character classes."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CLASSES = (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]")


class CharacterClassesValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        found = sum(1 for pattern in CLASSES if re.search(pattern, password or ""))
        if found < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _("密码须包含小写字母、大写字母、数字、符号四类中的至少%(n)d类。") % {"n": self.min_classes}
