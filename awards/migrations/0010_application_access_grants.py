"""Backfill the django-guardian grants on existing applications (docs/architecture.md §6): the receivers of
awards/permissions.py then made and took them back when a relation started or ended, until migration 0020 read
the relations themselves instead (docs/decisions.md 375). The grant's body lives here since then, so that this
migration and 0020's reverse keep working without the receivers."""

from collections import defaultdict

from django.db import migrations


def backfill_application_access(apps) -> int:
    """Grant what the relations of the existing applications call for: the applicant `view_application` and
    `change_application`, the accounts of its recommender and employer `view_application`. Returns the number
    of grants added (none twice)."""
    app_model = apps.get_model("awards", "Application")
    staff_model = apps.get_model("awards", "Organization").staff.through
    content_type, _created = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="awards", model="application"
    )
    permission = apps.get_model("auth", "Permission").objects
    view, change = (
        permission.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": f"Can {action} 申报"}
        )[0].pk
        for codename, action in (("view_application", "view"), ("change_application", "change"))
    )
    staff = defaultdict(set)
    for organization_id, user_id in staff_model.objects.values_list("organization_id", "user_id"):
        staff[organization_id].add(user_id)
    wanted = set()
    rows = app_model.objects.values_list("pk", "applicant_id", "recommender_id", "employer_id")
    for pk, applicant_id, recommender_id, employer_id in rows:
        wanted |= {(applicant_id, view, str(pk)), (applicant_id, change, str(pk))}
        for user_id in staff.get(recommender_id, set()) | staff.get(employer_id, set()):
            wanted.add((user_id, view, str(pk)))
    grants = apps.get_model("guardian", "UserObjectPermission").objects
    have = set(grants.filter(content_type=content_type).values_list("user_id", "permission_id", "object_pk"))
    missing = wanted - have
    grants.bulk_create(
        grants.model(user_id=u, permission_id=p, object_pk=o, content_type=content_type)
        for u, p, o in sorted(missing)
    )
    return len(missing)


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
