from awards.models.accounts import AccountProfile
from awards.models.applications import (
    ACHIEVEMENTS_DRAFT_MAX_CHARS,
    ACHIEVEMENTS_MAX_CHARS,
    Application,
    Attachment,
    EducationEntry,
    WorkEntry,
)
from awards.models.campaigns import AwardType, Campaign
from awards.models.invitations import RecommendationInvitation
from awards.models.organisations import Organization, Person
from awards.models.privacy import AccessLog, Consent, DataRequest
from awards.models.taxonomy import IndustryCategory, IndustrySubcategory, TechDomain

__all__ = [
    "AccessLog",
    "Consent",
    "DataRequest",
    "AccountProfile",
    "ACHIEVEMENTS_DRAFT_MAX_CHARS",
    "ACHIEVEMENTS_MAX_CHARS",
    "Application",
    "Attachment",
    "AwardType",
    "Campaign",
    "EducationEntry",
    "IndustryCategory",
    "IndustrySubcategory",
    "Organization",
    "Person",
    "RecommendationInvitation",
    "TechDomain",
    "WorkEntry",
]
