"""Outcomes anyone can verify (issue 22; docs/decisions.md 220–222): the certificate's code, the public pages
/verify/ and /verify/<code>/ in both languages, the per-client limit, at once after a revocation."""

import importlib
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from awards.models import Campaign
from tests.verify.helpers import honor as make_honor
from tests.verify.helpers import recall
from workflow.selectors.verification import honor_for_code, verification_of
from workflow.verify_codes import ALPHABET, LENGTH, grouped, new_verify_code, normalise_code

pytestmark = pytest.mark.django_db
LOOK_ALIKES = "01OILU"


def page(client, code, **extra):
    return client.get(reverse("verify:certificate", kwargs={"code": code}), **extra)


# --- the code ----------------------------------------------------------------------------------------------------


def test_the_alphabet_has_no_look_alikes_and_codes_are_random():
    assert not set(LOOK_ALIKES) & set(ALPHABET) and len(ALPHABET) == 30
    codes = {new_verify_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(c) == LENGTH and set(c) <= set(ALPHABET) for c in codes)
    # every character turns up (drawn uniformly, not a counter or a hash of the certificate number)
    assert set("".join(codes)) == set(ALPHABET)


def test_an_awarded_honor_gets_its_own_code():
    first, second = make_honor(), make_honor()
    assert re.fullmatch(f"[{ALPHABET}]{{{LENGTH}}}", first.verify_code)
    assert first.verify_code != second.verify_code
    assert first.verify_code not in first.certificate_number


def test_codes_are_read_in_any_case_with_spaces_and_hyphens():
    honor = make_honor()
    typed = " " + grouped(honor.verify_code).lower().replace("-", " - ") + " "
    assert normalise_code(typed) == honor.verify_code
    assert honor_for_code(typed) == honor
    assert honor_for_code(honor.verify_code[:-1]) is None
    assert honor_for_code("0" * LENGTH) is None


def test_the_data_migration_gives_an_honor_without_a_code_a_fresh_one_and_its_history_too():
    from django.apps import apps

    from workflow.models import Honor

    migration = importlib.import_module("workflow.migrations.0012_h_verify_verify_code")
    kept, blank = make_honor(), make_honor()
    Honor.objects.filter(pk=blank.pk).update(verify_code="")
    Honor.history.filter(id=blank.pk).update(verify_code="")
    migration.fill_codes(apps, None)
    blank.refresh_from_db()
    assert re.fullmatch(f"[{ALPHABET}]{{{LENGTH}}}", blank.verify_code)
    assert blank.verify_code != kept.verify_code
    assert set(Honor.history.filter(id=blank.pk).values_list("verify_code", flat=True)) == {blank.verify_code}
    assert Honor.objects.get(pk=kept.pk).verify_code == kept.verify_code
