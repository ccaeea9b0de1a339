from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from workflow.models import (
    AuditChainHead,
    CalendarOverride,
    CommitteeDecision,
    CommitteeVote,
    CreditRecord,
    EligibilityReview,
    Honor,
    Notification,
    Objection,
    Publicity,
    Revocation,
    SupplementRequest,
    TransitionLog,
    UnitNotice,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records of the audit trail: readable, never added, changed or deleted here (docs/security.md)."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "subject",
        "campaign",
        "application",
        "action",
        "from_state",
        "to_state",
        "actor",
    ]
    list_filter = ["subject", "action"]


@admin.register(AuditChainHead)
class AuditChainHeadAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "chain", "length", "last_hash"]
    list_filter = ["chain"]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "is_working_day", "note"]


admin.site.register(EligibilityReview, SimpleHistoryAdmin)
admin.site.register(SupplementRequest)


class UnitNoticeInline(admin.TabularInline):
    model = UnitNotice
    extra = 0


@admin.register(Publicity)
class PublicityAdmin(SimpleHistoryAdmin):
    list_display = ["campaign", "starts_on", "ends_on", "closed_at"]
    inlines = [UnitNoticeInline]


@admin.register(Objection)
class ObjectionAdmin(SimpleHistoryAdmin):
    list_display = ["campaign", "application", "objector_name", "status", "created_at"]
    list_filter = ["status"]


class VoteInline(admin.TabularInline):
    model = CommitteeVote
    extra = 0


@admin.register(CommitteeDecision)
class CommitteeDecisionAdmin(SimpleHistoryAdmin):
    list_display = ["campaign", "kind", "result", "document_number", "decided_on"]
    inlines = [VoteInline]


@admin.register(Honor)
class HonorAdmin(SimpleHistoryAdmin):
    list_display = ["certificate_number", "application", "kind", "awarded_on", "certificate_recalled_at"]


admin.site.register(Revocation, SimpleHistoryAdmin)
admin.site.register(CreditRecord, SimpleHistoryAdmin)
admin.site.register(Notification)


@admin.register(CommitteeVote)
class CommitteeVoteAdmin(SimpleHistoryAdmin):
    list_display = ["decision", "member", "choice", "created_at"]
    list_filter = ["choice"]


@admin.register(UnitNotice)
class UnitNoticeAdmin(SimpleHistoryAdmin):
    list_display = ["publicity", "organization", "posted_on", "confirmed_at"]
