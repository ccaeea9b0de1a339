"""证书核验码 on every honor (docs/decisions.md 220–221): added empty, filled with a fresh random code for every
existing honor (and its history rows), then made unique with the generator as default."""

from django.db import migrations, models
from django.db.models import Q

import workflow.verify_codes


def fill_codes(apps, schema_editor):
    Honor = apps.get_model("workflow", "Honor")
    HistoricalHonor = apps.get_model("workflow", "HistoricalHonor")
    missing = Q(verify_code__isnull=True) | Q(verify_code="")
    used = set(Honor.objects.exclude(missing).values_list("verify_code", flat=True))
    for honor in Honor.objects.filter(missing).only("pk"):
        code = workflow.verify_codes.new_verify_code()
        while code in used:
            code = workflow.verify_codes.new_verify_code()
        used.add(code)
        Honor.objects.filter(pk=honor.pk).update(verify_code=code)
        HistoricalHonor.objects.filter(id=honor.pk).update(verify_code=code)
    # history rows of honors deleted since: a code of their own (only unique on the honor table)
    for row in HistoricalHonor.objects.filter(missing).only("pk"):
        HistoricalHonor.objects.filter(pk=row.pk).update(verify_code=workflow.verify_codes.new_verify_code())


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0011_h_committee_standing_rules"),
    ]

    operations = [
        migrations.AddField(
            model_name="honor",
            name="verify_code",
            field=models.CharField(editable=False, max_length=10, null=True, verbose_name="证书核验码"),
        ),
        migrations.AddField(
            model_name="historicalhonor",
            name="verify_code",
            field=models.CharField(editable=False, max_length=10, null=True, verbose_name="证书核验码"),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
    ]
