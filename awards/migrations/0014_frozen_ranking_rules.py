"""The ranking's committee-approved rules (issue 22, decisions 171–175) are frozen like the other rules once the
committee approves them: the PostgreSQL trigger of 0013_h_rules_frozen_fields re-created with the longer list
(awards/frozen.py, decisions 121). Its own copy of the columns, as every trigger migration keeps."""

import importlib

from django.db import migrations

previous = importlib.import_module("awards.migrations.0013_h_rules_frozen_fields")

COLUMNS = {
    **previous.COLUMNS,
    "public_unrated_rule": (previous.RULES, ""),
    "public_min_ratings": (previous.RULES, ""),
    "public_prior_weight": (previous.RULES, ""),
    "tiebreak_order": (previous.RULES, ""),
}


def _run(apps, schema_editor, columns) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    from awards.frozen import trigger_sql  # noqa: PLC0415

    table = apps.get_model("awards", "Campaign")._meta.db_table
    schema_editor.execute(trigger_sql(table, columns)[0])


def create(apps, schema_editor):
    _run(apps, schema_editor, COLUMNS)


def back(apps, schema_editor):
    _run(apps, schema_editor, previous.COLUMNS)


class Migration(migrations.Migration):
    dependencies = [("awards", "0013_h_ranking_rules"), ("awards", "0013_h_rules_frozen_fields")]

    operations = [migrations.RunPython(create, back)]
