"""`Notification`, moved here from workflow (workflow 0016) with its table, `workflow_notification`, and its rows:
the model is created in the project state only. Its content type is renamed to this app, so the permissions on it
(and the admin's log of it) follow the model; a new database has none yet, and Django creates it after migrate."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_type_to(old: str, new: str):
    def move(apps, schema_editor):
        ContentType = apps.get_model('contenttypes', 'ContentType')
        db = schema_editor.connection.alias
        types = ContentType.objects.using(db)
        if not types.filter(app_label=new, model='notification').exists():
            types.filter(app_label=old, model='notification').update(app_label=new)

    return move


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('workflow', '0016_notification_to_notices'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(blank=True, max_length=40, verbose_name='类别')),
                        ('subject', models.CharField(max_length=200)),
                        ('body', models.TextField()),
                        ('link', models.CharField(blank=True, max_length=300)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('read_at', models.DateTimeField(blank=True, null=True)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': '通知',
                        'verbose_name_plural': '通知',
                        'db_table': 'workflow_notification',
                        'ordering': ['-created_at'],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to('workflow', 'notices'), content_type_to('notices', 'workflow')),
    ]
