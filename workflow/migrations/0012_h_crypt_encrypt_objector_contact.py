"""Issue 25 item 2: contact data encrypted at rest (awards/crypto.py); existing rows encrypted and verified."""

from django.db import migrations

import awards.fields
from awards.crypto_rows import decrypt_all, encrypt_all


def encrypt_rows(apps, schema_editor):
    encrypt_all(apps, app_label="workflow", connection=schema_editor.connection)


def decrypt_rows(apps, schema_editor):
    decrypt_all(apps, app_label="workflow", connection=schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0011_h_committee_standing_rules"),
        ("awards", "0016_h_crypt_encrypt_personal_data"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalobjection",
            name="objector_id_or_contact",
            field=awards.fields.EncryptedTextField(
                max_length=100, purpose="objector_id_or_contact", verbose_name="身份证号或联系方式"
            ),
        ),
        migrations.AlterField(
            model_name="historicalobjection",
            name="objector_phone",
            field=awards.fields.EncryptedTextField(
                blank=True, max_length=20, purpose="phone", verbose_name="联系电话"
            ),
        ),
        migrations.AlterField(
            model_name="objection",
            name="objector_id_or_contact",
            field=awards.fields.EncryptedTextField(
                max_length=100, purpose="objector_id_or_contact", verbose_name="身份证号或联系方式"
            ),
        ),
        migrations.AlterField(
            model_name="objection",
            name="objector_phone",
            field=awards.fields.EncryptedTextField(
                blank=True, max_length=20, purpose="phone", verbose_name="联系电话"
            ),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows, elidable=False),
    ]
