"""Backfill the object permissions of scoring/permissions.py (docs/architecture.md §6) for panels that existed
before them: each member of a panel that is not dissolved views each of the panel's applications (except where
a conflict is recorded); the chair holds `scoring.view_panel_results` on the panel."""

from django.db import migrations

DISSOLVED = ("publicity", "approval", "awarded", "archived")


def _permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def backfill(apps, schema_editor):
    Panel = apps.get_model("scoring", "Panel")
    PanelMember = apps.get_model("scoring", "PanelMember")
    PanelAssignment = apps.get_model("scoring", "PanelAssignment")
    Conflict = apps.get_model("scoring", "ConflictOfInterest")
    UserObjectPermission = apps.get_model("guardian", "UserObjectPermission")
    panels = list(Panel.objects.exclude(campaign__phase__in=DISSOLVED).values_list("pk", flat=True))
    if not panels:
        return
    view = _permission(apps, "awards", "application", "view_application", "Can view 申报")
    results = _permission(apps, "scoring", "panel", "view_panel_results", "查看评议组结果（组长）")
    conflicts = set(Conflict.objects.values_list("expert_id", "application_id"))
    members: dict[int, list[tuple[int, bool]]] = {}
    for panel_id, expert_id, is_chair in PanelMember.objects.filter(panel_id__in=panels).values_list(
        "panel_id", "expert_id", "is_chair"
    ):
        members.setdefault(panel_id, []).append((expert_id, is_chair))
    rows = []
    for panel_id, application_id in PanelAssignment.objects.filter(panel_id__in=panels).values_list(
        "panel_id", "application_id"
    ):
        for expert_id, _chair in members.get(panel_id, []):
            if (expert_id, application_id) not in conflicts:
                rows.append(
                    UserObjectPermission(
                        user_id=expert_id,
                        permission=view,
                        content_type_id=view.content_type_id,
                        object_pk=str(application_id),
                    )
                )
    for panel_id, pairs in members.items():
        for expert_id, is_chair in pairs:
            if is_chair:
                rows.append(
                    UserObjectPermission(
                        user_id=expert_id,
                        permission=results,
                        content_type_id=results.content_type_id,
                        object_pk=str(panel_id),
                    )
                )
    UserObjectPermission.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0008_panel_results_permission"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
