"""The panels' object permissions go (docs/decisions.md 374): an expert's access to the panel's applications and
the chair's to its results are read from the panel relations themselves (scoring/permissions.py). This removes
the django-guardian rows that repeated them: every `scoring.view_panel_results` grant, and every
`awards.view_application` grant whose holder is neither the application's applicant nor an account of its
recommending or employing unit (those two stay: awards/permissions.py still keeps them). Going back recreates
the panels' rows as migration 0009 first wrote them."""

import importlib

from django.db import migrations


def drop_panel_grants(apps, schema_editor):
    UserObjectPermission = apps.get_model("guardian", "UserObjectPermission")
    Application = apps.get_model("awards", "Application")
    Organization = apps.get_model("awards", "Organization")
    UserObjectPermission.objects.filter(
        permission__content_type__app_label="scoring", permission__codename="view_panel_results"
    ).delete()
    grants = UserObjectPermission.objects.filter(
        permission__content_type__app_label="awards",
        permission__content_type__model="application",
        permission__codename="view_application",
    )
    staff: dict[int, set[int]] = {}
    for org_id, user_id in Organization.staff.through.objects.values_list("organization_id", "user_id"):
        staff.setdefault(org_id, set()).add(user_id)
    related: dict[int, set[int]] = {}
    for pk, applicant_id, recommender_id, employer_id in Application.objects.values_list(
        "pk", "applicant_id", "recommender_id", "employer_id"
    ):
        related[pk] = {applicant_id} | staff.get(recommender_id, set()) | staff.get(employer_id, set())
    stale = [
        pk
        for pk, user_id, object_pk in grants.values_list("pk", "user_id", "object_pk").iterator()
        if user_id not in related.get(int(object_pk), set())
    ]
    for start in range(0, len(stale), 1000):
        UserObjectPermission.objects.filter(pk__in=stale[start : start + 1000]).delete()


def restore_panel_grants(apps, schema_editor):
    importlib.import_module("scoring.migrations.0009_panel_grants").backfill(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0015_h_rankcache_inputs_version"),
        ("awards", "0019_h_requests_office_reply"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="panel",
            options={"ordering": ["campaign_id", "name"], "verbose_name": "专家评议组", "verbose_name_plural": "专家评议组"},
        ),
        migrations.RunPython(drop_panel_grants, restore_panel_grants),
    ]
