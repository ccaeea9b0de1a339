"""PostgreSQL: a trigger refuses an UPDATE of a frozen campaign field outside the sanctioned path (awards/frozen.py,
decisions 121). Other databases rely on the model guard. The column list is this migration's own copy: a field
added to `FROZEN_FIELDS` later needs a new migration re-creating the trigger with the longer list."""

from django.db import migrations

RULES, WINDOW = "rules_approved", "window_opened"

COLUMNS = {
    "quota": (RULES, ""),
    "nomination_quota": (RULES, ""),
    "shortlist_size": (RULES, ""),
    "min_composite_score": (RULES, ""),
    "weight_material": (RULES, ""),
    "weight_onsite": (RULES, ""),
    "weight_public": (RULES, ""),
    "public_weight_general": (RULES, ""),
    "public_weight_practitioner": (RULES, ""),
    "public_weight_organisation": (RULES, ""),
    "use_trimmed_mean": (RULES, ""),
    "public_input_enabled": (RULES, ""),
    "rules_approved": (RULES, ""),
    "rules_approved_at": (RULES, ""),
    "committee_quorum": (RULES, ""),
    "committee_majority_percent": (RULES, ""),
    "publicity_working_days": (RULES, ""),
    "opens_at": (WINDOW, "opens_at"),
    "closes_at": (WINDOW, "opens_at"),
    "public_input_opens_at": (WINDOW, "public_input_opens_at"),
    "public_input_closes_at": (WINDOW, "public_input_opens_at"),
}


def _run(apps, schema_editor, which: int) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    from awards.frozen import trigger_sql  # noqa: PLC0415

    table = apps.get_model("awards", "Campaign")._meta.db_table
    schema_editor.execute(trigger_sql(table, COLUMNS)[which])


def create(apps, schema_editor):
    _run(apps, schema_editor, 0)


def drop(apps, schema_editor):
    _run(apps, schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("awards", "0012_merge_20261130_0522")]

    operations = [migrations.RunPython(create, drop)]
