"""Masking of resident IDs and phone numbers (issue 25 item 4): every page and export that shows either to
somebody other than the person shows the masked form unless a full copy was asked for with a stated purpose
(then logged, `awards.services.privacy.log_access`, and watermarked). Pure functions, no reads.

    mask_resident_id("310101199003074379") == "3101**********4379"
    mask_phone("13912345678") == "139****5678";  mask_phone("021-12345678") == "021-****5678"
"""

import re

STAR = "*"

#: The fields of an application (and a person) that are masked; the purpose form reveals them.
MASKED_FIELDS = ("resident_id", "phone")


def mask_resident_id(value: str) -> str:
    """The first 4 (province and city) and the last 4 characters; the birth date and sequence are hidden."""
    value = (value or "").strip()
    if len(value) <= 8:
        return STAR * len(value)
    return value[:4] + STAR * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """A mobile number keeps its first 3 and last 4 digits; a landline keeps its area code and last 4 digits."""
    value = (value or "").strip()
    digits = re.sub(r"\D", "", value)
    if len(digits) <= 4:
        return STAR * len(value)
    if "-" in value:
        area, _sep, number = value.partition("-")
        return f"{area}-{STAR * max(len(number) - 4, 0)}{number[-4:]}"
    return value[:3] + STAR * (len(value) - 7) + value[-4:]


MASKS = {"resident_id": mask_resident_id, "phone": mask_phone}


def masked(field: str, value):
    """`value` of `field` as shown by default: masked when the field is one of MASKED_FIELDS."""
    mask = MASKS.get(field)
    return mask(value) if mask and isinstance(value, str) and value else value


_ID_LIKE = re.compile(r"^\d{17}[\dXx]$")
_PHONE_LIKE = re.compile(r"^[\d\-\s+]{7,20}$")


def mask_email(value: str) -> str:
    """The first character of the mailbox and the domain: z***@example.cn."""
    value = (value or "").strip()
    name, at, domain = value.partition("@")
    if not at:
        return STAR * len(value)
    return f"{name[:1]}***@{domain}"


def mask_contact(value: str) -> str:
    """A free "ID number or contact" field (an objection's): masked as what it looks like; any other text (an
    address, a name of a unit) is kept."""
    value = (value or "").strip()
    if _ID_LIKE.match(value):
        return mask_resident_id(value)
    if _PHONE_LIKE.match(value):
        return mask_phone(value)
    if "@" in value and " " not in value:
        return mask_email(value)
    return value
