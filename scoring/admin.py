from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from awards.admin_records import ReadOnlyAdmin, ReadOnlyInline, ReadOnlyRecordMixin
from scoring.models import (
    Aspect,
    Ballot,
    BallotLog,
    Band,
    ConflictOfInterest,
    Criterion,
    Dimension,
    ExpertProfile,
    Panel,
    PanelAssignment,
    PanelMember,
    PanelOpinion,
    PanelResult,
    PublicVote,
    Ranking,
    RankingEntry,
    RankingInputsCounter,
    Rubric,
    ScoreEntry,
    ScoreSheet,
    ScoreSheetLog,
    ShortlistConfirmation,
    VerificationCode,
)


class DimensionInline(ReadOnlyInline):
    model = Dimension


@admin.register(Rubric)
class RubricAdmin(ReadOnlyRecordMixin, admin.ModelAdmin):
    """Rubrics are data loaded by migrations (docs/architecture.md §11): a score is checked against them, so
    nobody edits them here (issue 21)."""

    list_display = ["code", "name", "max_total", "method"]
    inlines = [DimensionInline]


class BandInline(ReadOnlyInline):
    model = Band


class AspectInline(ReadOnlyInline):
    model = Aspect


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyRecordMixin, admin.ModelAdmin):
    list_display = ["code", "name", "dimension", "max_points", "order"]
    list_filter = ["dimension__rubric"]
    inlines = [BandInline, AspectInline]


admin.site.register(Dimension, ReadOnlyAdmin)
admin.site.register(Band, ReadOnlyAdmin)
admin.site.register(Aspect, ReadOnlyAdmin)


class PanelMemberInline(ReadOnlyInline):
    model = PanelMember


@admin.register(Panel)
class PanelAdmin(ReadOnlyRecordMixin, SimpleHistoryAdmin):
    """Panels, members and assignments are set on the office's panel pages, which check 回避 (issue 21)."""

    list_display = ["name", "campaign"]
    list_filter = ["campaign"]
    inlines = [PanelMemberInline]


@admin.register(ExpertProfile)
class ExpertProfileAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organization", "title"]
    filter_horizontal = ["related_organizations"]


@admin.register(ShortlistConfirmation)
class ShortlistConfirmationAdmin(ReadOnlyRecordMixin, SimpleHistoryAdmin):
    """第十七条: the chairs' confirmations of the shortlist (read in the admin, written on the panel page)."""

    list_display = ["panel", "confirmed_by", "confirmed_at"]
    readonly_fields = ["panel", "shortlisted", "prepared", "reason", "confirmed_by", "confirmed_at"]

    def has_add_permission(self, request):
        return False


@admin.register(PanelAssignment)
class PanelAssignmentAdmin(ReadOnlyRecordMixin, SimpleHistoryAdmin):
    list_display = ["application", "panel", "manual", "onsite_date", "onsite_order"]


@admin.register(ConflictOfInterest)
class ConflictAdmin(ReadOnlyRecordMixin, SimpleHistoryAdmin):
    list_display = ["expert", "application", "source", "reason"]


class ScoreEntryInline(ReadOnlyInline):
    model = ScoreEntry


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ReadOnlyRecordMixin, SimpleHistoryAdmin):
    list_display = ["application", "expert", "stage", "state", "total", "submitted_at"]
    list_filter = ["stage", "state", "panel"]
    inlines = [ScoreEntryInline]


@admin.register(PanelResult)
class PanelResultAdmin(ReadOnlyRecordMixin, admin.ModelAdmin):
    list_display = ["application", "panel", "stage", "score", "trimmed"]


@admin.register(PanelOpinion)
class PanelOpinionAdmin(ReadOnlyRecordMixin, SimpleHistoryAdmin):
    pass


@admin.register(PublicVote)
class PublicVoteAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "application", "rating", "comment_status", "created_at"]
    list_filter = ["campaign", "comment_status"]
    list_select_related = ["campaign", "application"]
    exclude = ["voter_key"]
    raw_id_fields = ["application", "ballot"]


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "group", "channel", "source", "subnet", "created_at", "voided_at"]
    list_filter = ["campaign", "group", "channel"]
    exclude = ["voter_key", "ip_key", "device_key"]


@admin.register(VerificationCode)
class VerificationCodeAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "created_at", "expires_at", "attempts", "used_at"]
    exclude = ["voter_key", "code_key"]


@admin.register(BallotLog)
class BallotLogAdmin(ReadOnlyAdmin):
    list_display = ["ballot", "action", "reason", "user", "at"]


class RankingEntryInline(ReadOnlyInline):
    model = RankingEntry


@admin.register(RankingInputsCounter)
class RankingInputsCounterAdmin(ReadOnlyRecordMixin, admin.ModelAdmin):
    """The count of a campaign's ranking-input writes (decisions 360): read only, as every record that decides
    whether a ranking is current."""

    list_display = ["campaign", "shard", "writes"]
    list_filter = ["campaign"]


@admin.register(Ranking)
class RankingAdmin(ReadOnlyRecordMixin, admin.ModelAdmin):
    list_display = ["campaign", "computed_at", "is_current"]
    inlines = [RankingEntryInline]


@admin.register(PanelMember)
class PanelMemberAdmin(ReadOnlyRecordMixin, SimpleHistoryAdmin):
    list_display = ["panel", "expert", "is_chair"]
    list_filter = ["panel__campaign"]


@admin.register(ScoreEntry)
class ScoreEntryAdmin(ReadOnlyRecordMixin, SimpleHistoryAdmin):
    list_display = ["sheet", "criterion", "points", "level", "significant"]
    list_filter = ["criterion__dimension__rubric"]


@admin.register(RankingEntry)
class RankingEntryAdmin(ReadOnlyRecordMixin, admin.ModelAdmin):
    list_display = ["ranking", "rank", "application", "composite", "tied", "outcome"]
    list_filter = ["outcome", "tied"]


@admin.register(ScoreSheetLog)
class ScoreSheetLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "campaign", "sheet", "event", "expert", "stage", "total", "chain_seq"]
    list_filter = ["event", "stage"]
