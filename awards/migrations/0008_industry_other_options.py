"""“其他（请注明）” under each industry category (附件1 二 names only ten of the 23 subcategories; docs/decisions.md)."""

from django.db import migrations


def add_other(apps, schema_editor):
    from awards.fixture_loader import ensure_other_subcategories

    ensure_other_subcategories(apps)


def remove_other(apps, schema_editor):
    apps.get_model("awards", "IndustrySubcategory").objects.filter(is_other=True, application__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0007_industry_other_subcategory")]

    operations = [migrations.RunPython(add_other, remove_other)]
