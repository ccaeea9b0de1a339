"""`Notification` moved from workflow to the notices app (workflow 0016, notices 0001): a database of the release
before keeps its table, its rows and the permissions on the model, which follow its content type to the new app;
migrating back gives them to workflow again."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from notices.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)

#: The last migrations before the move (the squashed one of workflow, as a new database records it).
BEFORE = [("notices", None), ("workflow", "0001_squashed_0015_merge_20261204_2009")]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def _content_types() -> list[str]:
    return sorted(ContentType.objects.filter(model="notification").values_list("app_label", flat=True))


def test_a_database_of_the_release_before_keeps_its_notices_and_the_permissions_on_them():
    assert Notification._meta.db_table == "workflow_notification" and _content_types() == ["notices"]
    _migrate(BEFORE)
    assert _content_types() == ["workflow"]  # as the release before had it
    user = User.objects.create(username="reader", email="reader@example.cn")
    with connection.cursor() as cur:  # written as the release before wrote it: workflow's table
        cur.execute(
            "INSERT INTO workflow_notification (user_id, kind, subject, body, link, created_at)"
            " VALUES (%s, 'submitted', '申报已提交', '您的申报已提交。', '', CURRENT_TIMESTAMP)",
            [user.pk],
        )
    group = Group.objects.create(name="readers")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="workflow", codename="view_notification")
    )
    user.groups.add(group)

    _migrate(None)
    note = Notification.objects.get(user=user)
    assert (note.kind, note.subject, note.body) == ("submitted", "申报已提交", "您的申报已提交。")
    assert _content_types() == ["notices"]
    assert User.objects.get(pk=user.pk).has_perm("notices.view_notification")
