from django.contrib import admin
from django.db.models import Q
from simple_history.admin import SimpleHistoryAdmin

from awards import frozen
from awards.admin_records import ReadOnlyAdmin, ReadOnlyRecordMixin
from awards.crypto import blind_index
from awards.models import (
    AccessLog,
    AccountProfile,
    Application,
    Attachment,
    AwardType,
    Campaign,
    Consent,
    DataRequest,
    EducationEntry,
    IndustryCategory,
    IndustrySubcategory,
    Organization,
    Person,
    RecommendationInvitation,
    TechDomain,
    WorkEntry,
)


class BlindIndexSearchMixin:
    """Search by a resident ID or phone number through its blind index (the columns are encrypted, issue 25):
    the whole search term, normalised, is matched exactly — no partial match on encrypted data."""

    blind_index_search: dict[str, str] = {}  # blind-index field → kind

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term:
            match = Q()
            for field, kind in self.blind_index_search.items():
                digest = blind_index(term, kind)
                if digest:
                    match |= Q(**{field: digest})
            if match:
                results = results | queryset.filter(match)
        return results, may_have_duplicates


class SubcategoryInline(admin.TabularInline):
    model = IndustrySubcategory
    extra = 1


@admin.register(IndustryCategory)
class IndustryCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_en", "code", "subcategory_count", "order"]
    inlines = [SubcategoryInline]


@admin.register(IndustrySubcategory)
class IndustrySubcategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "category", "order"]
    list_filter = ["category"]


@admin.register(TechDomain)
class TechDomainAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_en", "code", "order"]


@admin.register(AwardType)
class AwardTypeAdmin(ReadOnlyRecordMixin, SimpleHistoryAdmin):
    """An honor's thresholds decide eligibility: data loaded by a migration (decisions 103), never edited here."""

    list_display = ["name", "code", "rubric", "min_industry_years", "min_post_years", "min_management_years"]
    filter_horizontal = ["tech_domains"]


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    """A campaign's frozen fields (awards/frozen.py: the approved rules, the committee's voting rules, the
    publicity length, the opened windows) are read-only here; they change only through the office's pages."""

    list_display = ["title", "award_type", "year", "phase", "is_training", "quota", "nomination_quota"]
    list_filter = ["award_type", "phase", "is_training"]
    readonly_fields = ["phase", "archived_at", "rules_approved", "rules_approved_at"]

    def get_readonly_fields(self, request, obj=None):
        fixed = (
            ["is_training"] if obj is not None and obj.pk else []
        )  # chosen at creation only (decisions 260)
        return [*super().get_readonly_fields(request, obj), *fixed, *frozen.frozen_now(obj)]


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "credit_code", "needs_confirmation"]
    list_filter = ["kind", "needs_confirmation"]
    search_fields = ["name", "credit_code"]
    filter_horizontal = ["staff", "member_of"]


@admin.register(Person)
class PersonAdmin(BlindIndexSearchMixin, SimpleHistoryAdmin):
    list_display = ["name", "gender", "union_member"]
    search_fields = ["name"]
    blind_index_search = {"resident_id_bidx": "resident_id", "phone_bidx": "phone"}


class EducationInline(admin.TabularInline):
    model = EducationEntry
    extra = 0


class WorkInline(admin.TabularInline):
    model = WorkEntry
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    readonly_fields = ["size", "content_type", "pages", "purged_at"]


@admin.register(Application)
class ApplicationAdmin(BlindIndexSearchMixin, SimpleHistoryAdmin):
    list_display = ["number", "name", "campaign", "state", "route", "tech_domain", "submitted_at"]
    list_filter = ["campaign", "state", "route", "tech_domain"]
    search_fields = ["number", "name", "unit_name"]
    blind_index_search = {"resident_id_bidx": "resident_id"}
    readonly_fields = ["state", "number", "person", "submitted_at", "recommender_confirmed_at"]
    inlines = [EducationInline, WorkInline, AttachmentInline]


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    list_display = ["original_name", "application", "kind", "size", "pages", "purged_at"]
    list_filter = ["kind"]


@admin.register(EducationEntry)
class EducationEntryAdmin(admin.ModelAdmin):
    list_display = ["application", "school", "start", "end", "qualification"]
    search_fields = ["school", "application__name"]


@admin.register(WorkEntry)
class WorkEntryAdmin(admin.ModelAdmin):
    list_display = ["application", "employer", "post", "start", "end"]
    search_fields = ["employer", "application__name"]


@admin.register(AccountProfile)
class AccountProfileAdmin(BlindIndexSearchMixin, admin.ModelAdmin):
    list_display = ["user", "phone", "email_confirmed_at"]
    search_fields = ["user__username"]
    blind_index_search = {"phone_bidx": "phone"}


@admin.register(RecommendationInvitation)
class RecommendationInvitationAdmin(admin.ModelAdmin):
    """Read-only: only the invited account's owner answers an invitation (docs/decisions.md)."""

    list_display = ["name", "email", "organization", "campaign", "status", "created_at", "responded_at"]
    list_filter = ["status", "campaign"]
    search_fields = ["name", "email", "organization__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# PIPL records (issue 25 items 3, 4): written only by awards/services/privacy.py; readable here, never edited.
admin.site.register(Consent, ReadOnlyAdmin)
admin.site.register(DataRequest, ReadOnlyAdmin)
admin.site.register(AccessLog, ReadOnlyAdmin)
