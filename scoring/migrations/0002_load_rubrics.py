from django.db import migrations


def load(apps, schema_editor):
    from scoring.services.rubric_loader import load_rubrics

    load_rubrics(apps)


class Migration(migrations.Migration):
    dependencies = [("scoring", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
