"""领军先锋 沟通协作: the wording of 附件2 (the score sheet), “妥善处理上下级的关系” — the body of the regulation
has “妥善处理好”; the score sheet prints the annex's words (issue 23.7)."""

from django.db import migrations


def annex_wording(apps, schema_editor):
    Criterion = apps.get_model("scoring", "Criterion")
    Criterion.objects.filter(code="pioneer-communication").update(
        meaning="善于沟通，妥善处理上下级的关系，调动团队积极性"
    )


class Migration(migrations.Migration):
    dependencies = [("scoring", "0009_panel_grants")]

    operations = [migrations.RunPython(annex_wording, migrations.RunPython.noop)]
