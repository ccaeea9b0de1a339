from workflow.models.audit import (
    AuditChainHead,
    CalendarOverride,
    ChainedRecord,
    RecordSeal,
    TransitionLog,
)
from workflow.models.decisions import CommitteeDecision, CommitteeVote, CreditRecord, Honor, Revocation
from workflow.models.jobs import ExportJob
from workflow.models.records import AwardDocument, Consultation
from workflow.models.review import (
    EligibilityReview,
    Objection,
    Publicity,
    PublicityEntry,
    SupplementRequest,
    UnitNotice,
)

__all__ = [
    "AwardDocument",
    "Consultation",
    "AuditChainHead",
    "ChainedRecord",
    "CalendarOverride",
    "CommitteeDecision",
    "CommitteeVote",
    "CreditRecord",
    "EligibilityReview",
    "ExportJob",
    "Honor",
    "Objection",
    "Publicity",
    "PublicityEntry",
    "RecordSeal",
    "Revocation",
    "SupplementRequest",
    "TransitionLog",
    "UnitNotice",
]
