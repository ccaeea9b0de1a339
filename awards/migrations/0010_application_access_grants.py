"""Backfill the django-guardian grants on existing applications (docs/architecture.md §6): from now on the
receivers in awards/permissions.py make and take them back when a relation starts or ends."""

from django.db import migrations

from awards.permissions import backfill_application_access


def backfill(apps, schema_editor):
    backfill_application_access(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0009_merge_20261130_0240"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
