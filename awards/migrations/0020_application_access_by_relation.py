"""An application's readers are read from its own columns (`applicant`, `recommender`, `employer` and the units'
accounts), not from django-guardian rows (docs/decisions.md 375): this removes the rows that repeated them.
Going back writes them again as migration 0010 did."""

import importlib

from django.db import migrations


def drop_application_grants(apps, schema_editor):
    apps.get_model("guardian", "UserObjectPermission").objects.filter(
        content_type__app_label="awards", content_type__model="application"
    ).delete()


def restore_application_grants(apps, schema_editor):
    importlib.import_module("awards.migrations.0010_application_access_grants").backfill(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0019_h_requests_office_reply"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
    ]

    operations = [migrations.RunPython(drop_application_grants, restore_application_grants)]
