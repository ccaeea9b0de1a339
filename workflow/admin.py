from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from awards.admin_records import ReadOnlyAdmin, ReadOnlyInline, ReadOnlyRecordMixin
from notices.models import Notification
from workflow.models import (
    AuditChainHead,
    AwardDocument,
    CalendarOverride,
    CommitteeDecision,
    CommitteeVote,
    Consultation,
    CreditRecord,
    EligibilityReview,
    ExportJob,
    Honor,
    Objection,
    Publicity,
    PublicityEntry,
    RecordSeal,
    Revocation,
    SupplementRequest,
    TransitionLog,
    UnitNotice,
)


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


@admin.register(EligibilityReview)
class EligibilityReviewAdmin(ReadOnlyRecordMixin, SimpleHistoryAdmin):
    pass


admin.site.register(SupplementRequest, ReadOnlyAdmin)  # 补正 is a procedure record


class UnitNoticeInline(ReadOnlyInline):
    model = UnitNotice


@admin.register(Publicity)
class PublicityAdmin(ReadOnlyRecordMixin, SimpleHistoryAdmin):
    """公示: its dates follow from the approved publicity length (第二十一条); written by the procedure only."""

    list_display = ["campaign", "starts_on", "ends_on", "closed_at"]
    inlines = [UnitNoticeInline]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyRecordMixin, SimpleHistoryAdmin):
    list_display = ["campaign", "application", "objector_name", "status", "created_at"]
    list_filter = ["status"]


class VoteInline(ReadOnlyInline):
    model = CommitteeVote


@admin.register(CommitteeDecision)
class CommitteeDecisionAdmin(ReadOnlyRecordMixin, SimpleHistoryAdmin):
    list_display = ["campaign", "kind", "result", "document_number", "decided_on"]
    inlines = [VoteInline]


@admin.register(Honor)
class HonorAdmin(ReadOnlyRecordMixin, SimpleHistoryAdmin):
    list_display = ["certificate_number", "application", "kind", "awarded_on", "certificate_recalled_at"]


@admin.register(Revocation)
class RevocationAdmin(ReadOnlyRecordMixin, SimpleHistoryAdmin):
    pass


@admin.register(CreditRecord)
class CreditRecordAdmin(ReadOnlyRecordMixin, SimpleHistoryAdmin):
    pass


# what was sent stays as sent: the notices app's model, with the procedure records' read-only admin (awards sits
# above notices, so its ReadOnlyAdmin is applied here)
admin.site.register(Notification, ReadOnlyAdmin)


@admin.register(CommitteeVote)
class CommitteeVoteAdmin(ReadOnlyRecordMixin, SimpleHistoryAdmin):
    list_display = ["decision", "member", "choice", "created_at"]
    list_filter = ["choice"]


@admin.register(RecordSeal)
class RecordSealAdmin(ReadOnlyRecordMixin, admin.ModelAdmin):
    """The keyed seals of the records that decide an outcome (decisions 152): evidence, never edited."""

    list_display = ["campaign", "kind", "object_id", "deleted", "created_at"]


@admin.register(PublicityEntry)
class PublicityEntryAdmin(ReadOnlyRecordMixin, admin.ModelAdmin):
    """A publicity's list is a fixed record (issue 23.2): read-only here as everywhere."""

    list_display = ["publicity", "position", "application", "kind"]


@admin.register(UnitNotice)
class UnitNoticeAdmin(ReadOnlyRecordMixin, SimpleHistoryAdmin):
    list_display = ["publicity", "organization", "posted_on", "confirmed_at"]


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyRecordMixin, admin.ModelAdmin):
    list_display = ["created_at", "kind", "campaign", "user", "status", "done", "total"]
    list_filter = ["kind", "status"]


# 第十六条 consultations and the 主办单位's document (issue 22 item 9): recorded on the office's pages only.
@admin.register(Consultation, AwardDocument)
class OfficeRecordAdmin(ReadOnlyRecordMixin, SimpleHistoryAdmin):
    pass
