import json

from django.db import migrations


def from_fixture(apps, schema_editor):
    """The two honors get the annex wording and the rules they cite, which were code branches on their codes
    before (awards/documents/annex.py, awards/eligibility.py), from fixtures/award_types.json. Only the new
    fields: thresholds and quotas the office may have edited stay as they are."""
    from awards.fixture_loader import FIXTURES

    AwardType = apps.get_model("awards", "AwardType")
    for t in json.loads((FIXTURES / "award_types.json").read_text(encoding="utf-8"))["award_types"]:
        AwardType.objects.filter(code=t["code"]).update(
            wording=t.get("wording", {}), sheet_level_column=t.get("sheet_level_column", False)
        )


class Migration(migrations.Migration):
    dependencies = [("awards", "0010_award_type_wording_as_data")]

    operations = [migrations.RunPython(from_fixture, migrations.RunPython.noop)]
