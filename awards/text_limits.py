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


#: Lines per free-text field of the printed form (issue 21 item 7, docs/decisions.md 163). Characters alone do not
#: bound the form: 4,000 characters one per line printed 196 pages. Sixty lines of every text field, each a single
#: character, fit the regulation's 20 pages (填报说明 3); real paragraphs run to a handful of lines each.
TEXT_MAX_LINES = 60


def line_count(text: str) -> int:
    """Lines as the form prints them: every line break starts one (\\n, \\r\\n, \\r and the other breaks Unicode
    knows, e.g. U+2028, which a browser may send too); an empty text has none."""
    return len((text or "").splitlines())


def lines_over(values: dict, names, limit: int = TEXT_MAX_LINES) -> dict[str, int]:
    """The fields among `names` whose text in `values` has more than `limit` lines, with their line count."""
    counts = {name: line_count(values.get(name) or "") for name in names}
    return {name: n for name, n in counts.items() if n > limit}


def too_many_lines_message(label: str, n: int, *, saving: bool, limit: int = TEXT_MAX_LINES) -> str:
    if saving:
        message = _(
            "“%(label)s”每项内容不超过 %(max)s 行，现为 %(n)s 行，本栏未保存。请将短行合并成段落后再保存。"
        )
    else:
        message = _("“%(label)s”每项内容不超过 %(max)s 行，现为 %(n)s 行。请将短行合并成段落后再提交。")
    return message % {"label": label, "max": limit, "n": n}


LENGTH_LOOKUP = "__length__lte"


class LengthCheck(models.CheckConstraint):
    """CHECK (length(column) <= limit) in the database, checked in Python when a model is validated
    (docs/decisions.md 425).

    Django's CheckConstraint validates a model (a model form's `is_valid()`, `full_clean()`) by asking the
    database: one `SELECT 1 WHERE COALESCE(LENGTH(%s) <= %s, true)` per constraint, seven of them on every
    autosave of the application form. Here the same condition is computed in Python: a text of more than `limit`
    characters violates it; a NULL does not (UNKNOWN, which Django's check lets pass), nor a value that is not text
    (which Django's check lets pass when the database cannot measure it); PostgreSQL's and SQLite's length() count
    characters, as len() does. The constraint in the database is unchanged and stays the last word for any other
    path (raw SQL, other clients): `deconstruct()` names Django's class, so migrations see the same
    CheckConstraint."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        children = self.condition.children if isinstance(self.condition, models.Q) else []
        if (
            len(children) != 1
            or not isinstance(children[0], tuple)
            or not children[0][0].endswith(LENGTH_LOOKUP)
            or self.condition.negated
        ):
            raise ValueError(f"LengthCheck needs Q(<field>{LENGTH_LOOKUP}=<limit>), not {self.condition!r}.")
        lookup, self.limit = children[0]
        self.field_name = lookup.removesuffix(LENGTH_LOOKUP)

    def validate(self, model, instance, exclude=None, using=None):
        field = model._meta.get_field(self.field_name)
        if exclude and (field.name in exclude or field.attname in exclude):
            return  # as Django does for a constraint on an excluded field
        value = getattr(instance, field.attname)
        if isinstance(value, str) and len(value) > self.limit:
            raise ValidationError(self.get_violation_error_message(), code=self.violation_error_code)

    def deconstruct(self):
        _path, args, kwargs = super().deconstruct()
        return "django.db.models.CheckConstraint", args, kwargs


def length_checks(model_label: str, limits: dict[str, int]) -> list[models.CheckConstraint]:
    """One CHECK per text column: length(column) <= limit (`LengthCheck`: validated without a query)."""
    return [
        LengthCheck(
            condition=models.Q(**{f"{name}{LENGTH_LOOKUP}": limit}), name=f"{model_label}_{name}_max_length"
        )
        for name, limit in limits.items()
    ]
