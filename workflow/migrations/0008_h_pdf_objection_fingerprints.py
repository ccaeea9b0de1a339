"""Objection fingerprints computed again on Unicode-normalised text (issue 21, decisions 162): an objection filed
before the change is then found as the duplicate of the same text sent again with a zero-width space or
full-width letters. The normalisation is written out here (a migration does not import the service). Where two
stored objections now read the same, the later keeps its old fingerprint (both were accepted already)."""

import hashlib
import unicodedata

from django.db import migrations


def _text(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text or "")
    return " ".join("".join(ch for ch in folded if unicodedata.category(ch) != "Cf").split())


def _fingerprint(application_id: int, contact: str, content: str) -> str:
    contact = "".join(_text(contact).split()).casefold()
    return hashlib.sha256(f"{application_id}\x1f{contact}\x1f{_text(content)}".encode()).hexdigest()


def refingerprint(apps, schema_editor):
    Objection = apps.get_model("workflow", "Objection")
    taken = set(
        Objection.objects.exclude(fingerprint="").values_list("campaign_id", "application_id", "fingerprint")
    )
    for objection in Objection.objects.exclude(fingerprint="").order_by("pk").iterator():
        new = _fingerprint(objection.application_id, objection.objector_id_or_contact, objection.content)
        key = (objection.campaign_id, objection.application_id, new)
        if new == objection.fingerprint or key in taken:
            continue
        taken.discard((objection.campaign_id, objection.application_id, objection.fingerprint))
        taken.add(key)
        Objection.objects.filter(pk=objection.pk).update(fingerprint=new)


class Migration(migrations.Migration):
    dependencies = [("workflow", "0007_export_job_owner_permission")]

    operations = [migrations.RunPython(refingerprint, migrations.RunPython.noop)]
