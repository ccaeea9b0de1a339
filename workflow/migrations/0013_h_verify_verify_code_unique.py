"""证书核验码: unique, with the generator as default, once 0012 filled every existing honor."""

from django.db import migrations, models

import workflow.verify_codes


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0012_h_verify_verify_code"),
    ]

    operations = [
        migrations.AlterField(
            model_name="honor",
            name="verify_code",
            field=models.CharField(
                default=workflow.verify_codes.new_verify_code,
                editable=False,
                max_length=10,
                unique=True,
                verbose_name="证书核验码",
            ),
        ),
        migrations.AlterField(
            model_name="historicalhonor",
            name="verify_code",
            field=models.CharField(
                db_index=True,
                default=workflow.verify_codes.new_verify_code,
                editable=False,
                max_length=10,
                verbose_name="证书核验码",
            ),
        ),
    ]
