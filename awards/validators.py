"""Validators for identifiers and contact data on the forms.

`validate_resident_id` (GB 11643) and `validate_credit_code` (GB 32100) are stable entry points
(docs/architecture.md §10).
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB/T 2260 province-level codes (first two digits of a resident ID).
PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
        "65", "71", "81", "82", "83", "91",
    }
)  # fmt: skip
RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_CHECK = "10X98765432"

CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def resident_id_check_digit(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, RESIDENT_ID_WEIGHTS, strict=True))
    return RESIDENT_ID_CHECK[total % 11]


def resident_id_birth_date(value: str) -> datetime.date:
    return datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))


def validate_resident_id(value: str) -> None:
    """GB 11643-1999: 18 characters, a real birth date, and the ISO 7064 MOD 11-2 check character."""
    value = (value or "").strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", value, re.ASCII):
        raise ValidationError(
            _("身份证号应为18位，前17位为数字，最后一位为数字或X。"), code="resident_id_format"
        )
    if value[:2] not in PROVINCE_CODES:
        raise ValidationError(_("身份证号前两位不是有效的省级行政区划代码。"), code="resident_id_region")
    try:
        birth = resident_id_birth_date(value)
    except ValueError:
        raise ValidationError(
            _("身份证号中的出生日期 %(date)s 不存在。"),
            code="resident_id_birth",
            params={"date": value[6:14]},
        )
    if birth < datetime.date(1900, 1, 1) or birth > datetime.date.today():
        raise ValidationError(
            _("身份证号中的出生日期 %(date)s 不合理。"),
            code="resident_id_birth",
            params={"date": value[6:14]},
        )
    expected = resident_id_check_digit(value[:17])
    if value[17] != expected:
        raise ValidationError(
            _("身份证号校验位错误：最后一位应为 %(expected)s，请核对号码。"),
            code="resident_id_checksum",
            params={"expected": expected},
        )


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CODE_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """GB 32100-2015: 18 characters from 0-9A-HJ-NPQRTUWXY, the 18th a MOD 31 check character."""
    value = (value or "").strip().upper()
    if len(value) != 18:
        raise ValidationError(_("统一社会信用代码应为18位。"), code="credit_code_length")
    bad = sorted({c for c in value if c not in CREDIT_CODE_CHARSET})
    if bad:
        raise ValidationError(
            _("统一社会信用代码含有不允许的字符：%(chars)s（不使用 I、O、Z、S、V）。"),
            code="credit_code_charset",
            params={"chars": "".join(bad)},
        )
    expected = credit_code_check_char(value[:17])
    if value[17] != expected:
        raise ValidationError(
            _("统一社会信用代码校验位错误：第18位应为 %(expected)s。"),
            code="credit_code_checksum",
            params={"expected": expected},
        )


def validate_phone(value: str) -> None:
    """A mainland mobile number (11 digits starting with 1) or a landline with area code, e.g. 021-12345678."""
    value = (value or "").strip()
    if re.fullmatch(r"1[3-9]\d{9}", value, re.ASCII) or re.fullmatch(
        r"0\d{2,3}-?\d{7,8}(-\d{1,6})?", value, re.ASCII
    ):
        return
    raise ValidationError(
        _("联系电话格式不正确：请填写11位手机号或带区号的固定电话（如 021-12345678）。"), code="phone"
    )


def validate_postcode(value: str) -> None:
    if not re.fullmatch(r"\d{6}", (value or "").strip(), re.ASCII):
        raise ValidationError(_("邮编应为6位数字。"), code="postcode")
