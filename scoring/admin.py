from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from scoring.models import (
    Aspect,
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
    Rubric,
    ScoreEntry,
    ScoreSheet,
    ScoreSheetLog,
)
from workflow.admin import ReadOnlyAdmin


class DimensionInline(admin.TabularInline):
    model = Dimension
    extra = 0


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "max_total", "method"]
    inlines = [DimensionInline]


class BandInline(admin.TabularInline):
    model = Band
    extra = 0


class AspectInline(admin.TabularInline):
    model = Aspect
    extra = 0


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "dimension", "max_points", "order"]
    list_filter = ["dimension__rubric"]
    inlines = [BandInline, AspectInline]


admin.site.register(Dimension)
admin.site.register(Band)
admin.site.register(Aspect)


class PanelMemberInline(admin.TabularInline):
    model = PanelMember
    extra = 0


@admin.register(Panel)
class PanelAdmin(SimpleHistoryAdmin):
    list_display = ["name", "campaign"]
    list_filter = ["campaign"]
    inlines = [PanelMemberInline]


@admin.register(ExpertProfile)
class ExpertProfileAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organization", "title"]


@admin.register(PanelAssignment)
class PanelAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["application", "panel", "manual", "onsite_date", "onsite_order"]


@admin.register(ConflictOfInterest)
class ConflictAdmin(SimpleHistoryAdmin):
    list_display = ["expert", "application", "source", "reason"]


class ScoreEntryInline(admin.TabularInline):
    model = ScoreEntry
    extra = 0


@admin.register(ScoreSheet)
class ScoreSheetAdmin(SimpleHistoryAdmin):
    list_display = ["application", "expert", "stage", "state", "total", "submitted_at"]
    list_filter = ["stage", "state", "panel"]
    inlines = [ScoreEntryInline]


@admin.register(PanelResult)
class PanelResultAdmin(admin.ModelAdmin):
    list_display = ["application", "panel", "stage", "score", "trimmed"]


admin.site.register(PanelOpinion, SimpleHistoryAdmin)
admin.site.register(PublicVote)


class RankingEntryInline(admin.TabularInline):
    model = RankingEntry
    extra = 0


@admin.register(Ranking)
class RankingAdmin(admin.ModelAdmin):
    list_display = ["campaign", "computed_at", "is_current"]
    inlines = [RankingEntryInline]


@admin.register(PanelMember)
class PanelMemberAdmin(SimpleHistoryAdmin):
    list_display = ["panel", "expert", "is_chair"]
    list_filter = ["panel__campaign"]


@admin.register(ScoreEntry)
class ScoreEntryAdmin(SimpleHistoryAdmin):
    list_display = ["sheet", "criterion", "points", "level", "significant"]
    list_filter = ["criterion__dimension__rubric"]


@admin.register(RankingEntry)
class RankingEntryAdmin(admin.ModelAdmin):
    list_display = ["ranking", "rank", "application", "composite", "tied", "outcome"]
    list_filter = ["outcome", "tied"]


@admin.register(ScoreSheetLog)
class ScoreSheetLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "campaign", "sheet", "event", "expert", "stage", "total", "chain_seq"]
    list_filter = ["event", "stage"]
