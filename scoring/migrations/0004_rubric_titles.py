"""Issue 13 item 13: the rubrics carry the regulation's own titles (附件1's title for the craftsman; the pioneer's
“评价指标体系” of 办法 五). Existing databases get the names from fixtures/rubrics.json."""

import json

from django.db import migrations

OLD = {
    "craftsman-100": ("“智慧工匠”选树活动评价标准", "Smart Craftsman evaluation standard"),
    "pioneer-150": ("“领军先锋”评选活动评价标准", "Leading Pioneer evaluation standard"),
}


def rename(apps, schema_editor):
    from scoring.services.rubric_loader import RUBRICS_FIXTURE

    Rubric = apps.get_model("scoring", "Rubric")
    data = json.loads(RUBRICS_FIXTURE.read_text(encoding="utf-8"))
    for r in data["rubrics"]:
        Rubric.objects.filter(code=r["code"]).update(name=r["name"], name_en=r["name_en"])


def restore(apps, schema_editor):
    Rubric = apps.get_model("scoring", "Rubric")
    for code, (name, name_en) in OLD.items():
        Rubric.objects.filter(code=code).update(name=name, name_en=name_en)


class Migration(migrations.Migration):
    dependencies = [("scoring", "0003_panel_stage_deadlines")]

    operations = [migrations.RunPython(rename, restore)]
