"""The cycles app's models: commitments and review choices, retrospectives, lineage."""

from .commitments import (
    CLOSING_NOTE_MAX,
    MAX_SESSIONS,
    Commitment,
    CommitmentMember,
    ReviewChoice,
)
from .growth import Lineage
from .retros import (
    ACTION_MAX,
    DEFAULT_VOTES,
    ITEM_MAX,
    MAX_VOTES,
    RetroAction,
    RetroItem,
    Retrospective,
    RetroVote,
)

__all__ = [
    "ACTION_MAX",
    "CLOSING_NOTE_MAX",
    "DEFAULT_VOTES",
    "ITEM_MAX",
    "MAX_SESSIONS",
    "MAX_VOTES",
    "Commitment",
    "CommitmentMember",
    "Lineage",
    "RetroAction",
    "RetroItem",
    "RetroVote",
    "Retrospective",
    "ReviewChoice",
]
