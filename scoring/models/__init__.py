from scoring.models.audit import ScoreSheetLog
from scoring.models.panels import (
    ConflictOfInterest,
    ExpertProfile,
    Panel,
    PanelAssignment,
    PanelMember,
    PanelOpinion,
    PanelResult,
    ScoreEntry,
    ScoreSheet,
    ShortlistConfirmation,
    Stage,
)
from scoring.models.public import GROUP_WEIGHT_FIELDS, Ballot, BallotLog, VerificationCode, VoterGroup
from scoring.models.ranking import PublicVote, Ranking, RankingEntry, RankingInputsCounter
from scoring.models.rubrics import Aspect, Band, Criterion, Dimension, Rubric

__all__ = [
    "Aspect",
    "Ballot",
    "BallotLog",
    "VerificationCode",
    "VoterGroup",
    "GROUP_WEIGHT_FIELDS",
    "Band",
    "ConflictOfInterest",
    "Criterion",
    "Dimension",
    "ExpertProfile",
    "Panel",
    "PanelAssignment",
    "PanelMember",
    "PanelOpinion",
    "PanelResult",
    "PublicVote",
    "Ranking",
    "RankingEntry",
    "RankingInputsCounter",
    "Rubric",
    "ScoreEntry",
    "ScoreSheet",
    "ScoreSheetLog",
    "ShortlistConfirmation",
    "Stage",
]
