"""{% load masking %}: `value|mask_id`, `value|mask_phone`, `value|mask_email`, `value|mask_contact`
(awards/masking.py), for pages that show personal data to somebody other than the person (issue 25 item 4)."""

from django import template

from awards import masking

register = template.Library()

register.filter("mask_id", masking.mask_resident_id)
register.filter("mask_phone", masking.mask_phone)
register.filter("mask_email", masking.mask_email)
register.filter("mask_contact", masking.mask_contact)
