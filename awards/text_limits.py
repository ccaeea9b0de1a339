"""Hard caps on free text, at every layer (issue 10: "no path stores 400,000 characters").

Forms refuse over-long input with a message and keep what is stored; `BoundedText.save()` refuses it for any
other path through the ORM (services, admin, imports); a CHECK constraint per text column refuses it in the
database itself (raw updates, other clients). The caps are the fields' `max_length`; the achievements
sections allow a small margin over the form's 4,000 characters so that a draft can be saved while it is being
shortened (docs/decisions.md, "Hard caps on free text").
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.utils.translation import gettext as _

models.CharField.register_lookup(Length)
models.TextField.register_lookup(Length)


def over_limit(instance, fields=None) -> dict[str, str]:
    """Fields of `instance` whose text is longer than their max_length, with the message to show."""
    errors = {}
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or not field.max_length:
            continue
        if fields is not None and field.name not in fields and field.attname not in fields:
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str) and len(value) > field.max_length:
            errors[field.name] = _("“%(label)s”最多 %(max)s 字，现为 %(n)s 字，未保存，请删减。") % {
                "label": field.verbose_name,
                "max": field.max_length,
                "n": len(value),
            }
    return errors


class BoundedText:
    """Model mixin: saving text longer than a field's max_length raises ValidationError (nothing is written)."""

    def extra_text_errors(self) -> dict[str, str]:
        return {}

    def save(self, *args, **kwargs):
        errors = over_limit(self, kwargs.get("update_fields")) | self.extra_text_errors()
        if errors:
            raise ValidationError(errors)
        return super().save(*args, **kwargs)


def length_checks(model_label: str, limits: dict[str, int]) -> list[models.CheckConstraint]:
    """One CHECK per text column: length(column) <= limit."""
    return [
        models.CheckConstraint(
            condition=models.Q(**{f"{name}__length__lte": limit}), name=f"{model_label}_{name}_max_length"
        )
        for name, limit in limits.items()
    ]
