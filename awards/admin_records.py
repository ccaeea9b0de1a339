"""Read-only admin for the procedure's records (votes, score sheets, decisions, rankings, honors, logs).

Nobody — the superuser included — adds, changes or deletes them in /admin/: a change there would bypass the
procedure's guards and leave no transition log. Corrections go through the services, which record who, when and
why (docs/decisions.md)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied


class ViewOnly:
    """No add, change or delete permission, for anyone (admins and inlines alike)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyRecordMixin(ViewOnly):
    """Mixed in before ModelAdmin/SimpleHistoryAdmin: view only, no actions, no history revert."""

    actions = None

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history's "revert to this version" saves the posted form whenever the user may *view*
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyAdmin(ReadOnlyRecordMixin, admin.ModelAdmin):
    """Records written only by the services (audit trail, public input): readable, never added, changed or
    deleted here (docs/security.md)."""


class ReadOnlyInline(ViewOnly, admin.TabularInline):
    extra = 0
    can_delete = False
