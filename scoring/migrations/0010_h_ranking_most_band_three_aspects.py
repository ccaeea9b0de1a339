"""Issue 22 item 7 (docs/decisions.md 176): 大部分 is “至少两个方面” (附件1 四), so the craftsman's 大部分+显著 band
holds for two or three aspects shown; fixtures/rubrics.json says so, and existing databases follow."""

from django.db import migrations


def most_includes_all(apps, schema_editor):
    Band = apps.get_model("scoring", "Band")
    Band.objects.filter(
        criterion__dimension__rubric__method="aspects", aspects_min=2, aspects_max=2, significant=True
    ).update(aspects_max=3)


def back(apps, schema_editor):
    Band = apps.get_model("scoring", "Band")
    Band.objects.filter(
        criterion__dimension__rubric__method="aspects", aspects_min=2, aspects_max=3, significant=True
    ).update(aspects_max=2)


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0009_panel_grants"),
    ]

    operations = [migrations.RunPython(most_includes_all, back)]
