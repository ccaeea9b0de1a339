"""`Notification` leaves workflow for the notices app below awards (docs/architecture.md §3): in the project state
only. The table `workflow_notification` and its rows stay as they are; notices 0001 takes the model over."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('workflow', '0001_squashed_0015_merge_20261204_2009'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Notification')],
            database_operations=[],
        ),
    ]
