from django.db import migrations


def load(apps, schema_editor):
    from awards.fixture_loader import load_award_types, load_taxonomy

    load_taxonomy(apps)
    load_award_types(apps)


def create_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ["applicant", "recommender", "office", "expert", "committee"]:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("awards", "0002_initial"), ("scoring", "0002_load_rubrics"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(create_role_groups, migrations.RunPython.noop),
    ]
