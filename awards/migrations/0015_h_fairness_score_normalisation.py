"""The committee-approved score normalisation (issue 22, decisions 210): a new rule, off ("none") by default and
for every existing campaign — the ranking they were approved under stays exactly as it was. Frozen like the
other rules once approved: the PostgreSQL trigger re-created with the longer list (awards/frozen.py)."""

import importlib

from django.db import migrations, models

previous = importlib.import_module("awards.migrations.0014_frozen_ranking_rules")
rules_migration = importlib.import_module("awards.migrations.0013_h_rules_frozen_fields")

COLUMNS = {**previous.COLUMNS, "score_normalisation": (rules_migration.RULES, "")}


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


def field():
    return models.CharField(
        choices=[
            ("none", "不标准化（按专家原始总分）"),
            ("panel", "按评议组标准化（各组总分的标准分映射回全体的平均分和标准差）"),
            ("expert", "按专家标准化（评分表不足 5 份的专家不标准化）"),
        ],
        default="none",
        help_text="组委会在排名页并排比较采用前后每位候选人的名次之后，方可作为评议规则通过。",
        max_length=10,
        verbose_name="评分尺度标准化",
    )


class Migration(migrations.Migration):
    dependencies = [("awards", "0014_frozen_ranking_rules")]

    operations = [
        migrations.AddField(model_name="campaign", name="score_normalisation", field=field()),
        migrations.AddField(model_name="historicalcampaign", name="score_normalisation", field=field()),
        migrations.RunPython(create, back),
    ]
