"""“其他（请注明）” under each industry category (附件1 二 names only ten of the 23 subcategories; docs/decisions.md)."""

from django.db import migrations


def add_other(apps, schema_editor):
    IndustryCategory = apps.get_model("awards", "IndustryCategory")
    IndustrySubcategory = apps.get_model("awards", "IndustrySubcategory")
    for category in IndustryCategory.objects.all():
        IndustrySubcategory.objects.get_or_create(
            category=category,
            name="其他（请注明）",
            defaults={"name_en": "Other (please specify)", "order": 999, "is_other": True},
        )


def remove_other(apps, schema_editor):
    apps.get_model("awards", "IndustrySubcategory").objects.filter(is_other=True, application__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0007_industry_other_subcategory")]

    operations = [migrations.RunPython(add_other, remove_other)]
