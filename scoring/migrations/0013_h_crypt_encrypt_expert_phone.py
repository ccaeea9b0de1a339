"""Issue 25 item 2: contact data encrypted at rest (awards/crypto.py); existing rows encrypted and verified."""

from django.db import migrations

import awards.fields
from awards.crypto_rows import decrypt_all, encrypt_all


def encrypt_rows(apps, schema_editor):
    encrypt_all(apps, app_label="scoring", connection=schema_editor.connection)


def decrypt_rows(apps, schema_editor):
    decrypt_all(apps, app_label="scoring", connection=schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0012_merge_20261204_1412"),
        ("awards", "0016_h_crypt_encrypt_personal_data"),
    ]

    operations = [
        migrations.AlterField(
            model_name="expertprofile",
            name="phone",
            field=awards.fields.EncryptedTextField(
                blank=True, max_length=20, purpose="phone", verbose_name="联系电话"
            ),
        ),
        migrations.AlterField(
            model_name="historicalexpertprofile",
            name="phone",
            field=awards.fields.EncryptedTextField(
                blank=True, max_length=20, purpose="phone", verbose_name="联系电话"
            ),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows, elidable=False),
    ]
