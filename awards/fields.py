"""Model fields for personal data encrypted at rest (awards/crypto.py).

`EncryptedTextField(purpose=…)` holds the value as an AES-256-GCM (or SM4-GCM) envelope in the database and as
plain text on the model instance: forms, templates and documents work unchanged, there is no extra query.
Looking it up by value cannot work (every encryption is different), so only ``isnull`` and ``= ""`` are allowed;
anything else raises a FieldError that names the blind index. `BlindIndexField(source=…, kind=…)` is that
index: HMAC-SHA256 of the normalised value, filled on every save from the source field.
"""

from django import forms
from django.core import validators
from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact, IsNull

from awards import crypto


class Ciphertext(str):
    """An envelope that is already encrypted: written as it is (rotate_keys, the data migration)."""


class EncryptedExact(Exact):
    def get_prep_lookup(self):
        if self.rhs not in ("", None) and not isinstance(self.rhs, Ciphertext):
            raise FieldError(
                f"{self.lhs.target.name} is encrypted at rest and cannot be compared in the database; "
                f"filter on its blind index ({self.lhs.target.name}_bidx) with awards.crypto.blind_index()."
            )
        return super().get_prep_lookup()


class EncryptedTextField(models.TextField):
    description = "Text encrypted at rest (AES-256-GCM / SM4-GCM envelope)"

    def __init__(self, *args, purpose: str = "", **kwargs):
        self.purpose = purpose
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["purpose"] = self.purpose
        return name, path, args, kwargs

    def _purpose(self) -> str:
        return self.purpose or self.name

    def from_db_value(self, value, expression, connection):
        if crypto.is_envelope(value):
            return crypto.decrypt(value, self._purpose())
        return value  # "" / None, or a row the data migration has not reached yet

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, "") or isinstance(value, Ciphertext):
            return value
        return crypto.encrypt(str(value), self._purpose())

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return EncryptedExact
        if lookup_name == "isnull":
            return IsNull
        return None

    def formfield(self, **kwargs):
        return super().formfield(**{"widget": forms.TextInput, **kwargs})


class BlindIndexField(models.CharField):
    """HMAC-SHA256 (hex) of the normalised `source` value; "" when the source is empty."""

    def __init__(self, *args, source: str = "", kind: str = "resident_id", **kwargs):
        self.source = source
        self.kind = kind
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs["kind"] = self.kind
        for key, default in (("max_length", 64), ("blank", True), ("editable", False), ("default", "")):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = crypto.blind_index(getattr(model_instance, self.source, "") or "", self.kind)
        setattr(model_instance, self.attname, value)
        return value
