"""Issue 25 item 2: resident IDs and phone numbers encrypted at rest (awards/crypto.py). The columns become
text envelopes, every existing row (and every history row) is encrypted and read back before the batch commits,
and the blind indexes are filled; Person's uniqueness moves from the ID to its blind index."""

from django.db import migrations

import awards.fields
import awards.validators
from awards.crypto_rows import decrypt_all, encrypt_all


def encrypt_rows(apps, schema_editor):
    encrypt_all(apps, app_label="awards", connection=schema_editor.connection)


def decrypt_rows(apps, schema_editor):
    decrypt_all(apps, app_label="awards", connection=schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0015_h_fairness_score_normalisation"),
    ]

    operations = [
        migrations.AddField(
            model_name="accountprofile",
            name="phone_bidx",
            field=awards.fields.BlindIndexField(db_index=True, kind="phone", source="phone"),
        ),
        migrations.AddField(
            model_name="application",
            name="resident_id_bidx",
            field=awards.fields.BlindIndexField(db_index=True, kind="resident_id", source="resident_id"),
        ),
        migrations.AddField(
            model_name="historicalapplication",
            name="resident_id_bidx",
            field=awards.fields.BlindIndexField(db_index=True, kind="resident_id", source="resident_id"),
        ),
        migrations.AddField(
            model_name="historicalperson",
            name="phone_bidx",
            field=awards.fields.BlindIndexField(db_index=True, kind="phone", source="phone"),
        ),
        migrations.AddField(
            model_name="historicalperson",
            name="resident_id_bidx",
            field=awards.fields.BlindIndexField(db_index=True, kind="resident_id", source="resident_id"),
        ),
        migrations.AddField(
            model_name="person",
            name="phone_bidx",
            field=awards.fields.BlindIndexField(db_index=True, kind="phone", source="phone"),
        ),
        migrations.AddField(
            model_name="person",
            name="resident_id_bidx",
            field=awards.fields.BlindIndexField(kind="resident_id", source="resident_id"),
        ),
        migrations.AlterField(
            model_name="accountprofile",
            name="phone",
            field=awards.fields.EncryptedTextField(
                blank=True,
                max_length=20,
                purpose="phone",
                validators=[awards.validators.validate_phone],
                verbose_name="手机号",
            ),
        ),
        migrations.AlterField(
            model_name="application",
            name="phone",
            field=awards.fields.EncryptedTextField(
                blank=True,
                max_length=20,
                purpose="phone",
                validators=[awards.validators.validate_phone],
                verbose_name="联系电话",
            ),
        ),
        migrations.AlterField(
            model_name="application",
            name="resident_id",
            field=awards.fields.EncryptedTextField(
                blank=True,
                max_length=18,
                purpose="resident_id",
                validators=[awards.validators.validate_resident_id],
                verbose_name="身份证号",
            ),
        ),
        migrations.AlterField(
            model_name="historicalapplication",
            name="phone",
            field=awards.fields.EncryptedTextField(
                blank=True,
                max_length=20,
                purpose="phone",
                validators=[awards.validators.validate_phone],
                verbose_name="联系电话",
            ),
        ),
        migrations.AlterField(
            model_name="historicalapplication",
            name="resident_id",
            field=awards.fields.EncryptedTextField(
                blank=True,
                max_length=18,
                purpose="resident_id",
                validators=[awards.validators.validate_resident_id],
                verbose_name="身份证号",
            ),
        ),
        migrations.AlterField(
            model_name="historicalperson",
            name="phone",
            field=awards.fields.EncryptedTextField(
                blank=True,
                max_length=20,
                purpose="phone",
                validators=[awards.validators.validate_phone],
                verbose_name="联系电话",
            ),
        ),
        migrations.AlterField(
            model_name="historicalperson",
            name="resident_id",
            field=awards.fields.EncryptedTextField(
                max_length=18,
                purpose="resident_id",
                validators=[awards.validators.validate_resident_id],
                verbose_name="身份证号",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="phone",
            field=awards.fields.EncryptedTextField(
                blank=True,
                max_length=20,
                purpose="phone",
                validators=[awards.validators.validate_phone],
                verbose_name="联系电话",
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="resident_id",
            field=awards.fields.EncryptedTextField(
                max_length=18,
                purpose="resident_id",
                validators=[awards.validators.validate_resident_id],
                verbose_name="身份证号",
            ),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows, elidable=False),
        migrations.AlterField(
            model_name="person",
            name="resident_id_bidx",
            field=awards.fields.BlindIndexField(kind="resident_id", source="resident_id", unique=True),
        ),
    ]
