"""Backfill: the user who started each existing export job gets the guardian object permission `view_exportjob`
on it (workflow/permissions.py `may_view_job`; new jobs are granted by `workflow.tasks.job_start`)."""

from django.db import migrations


def grant_owners(apps, schema_editor):
    ExportJob = apps.get_model("workflow", "ExportJob")
    if not ExportJob.objects.exists():
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    UserObjectPermission = apps.get_model("guardian", "UserObjectPermission")
    content_type, _ = ContentType.objects.get_or_create(app_label="workflow", model="exportjob")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="view_exportjob", defaults={"name": "Can view 后台导出任务"}
    )
    for job_id, user_id in ExportJob.objects.values_list("pk", "user_id"):
        UserObjectPermission.objects.get_or_create(
            user_id=user_id, permission=permission, content_type=content_type, object_pk=str(job_id)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0006_merge_20261130_0212"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant_owners, migrations.RunPython.noop)]
