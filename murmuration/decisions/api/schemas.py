"""Request and response bodies of the decisions endpoints.

Lengths and choices are checked by the actions, which answer 400 with the field's name and the
same sentence the web form shows.
"""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from murmuration.accounts.models import User
from murmuration.accounts.schemas import PersonOut

from ..models import Kind, Position, Proposal, Stance


class GroupRef(Schema):
    slug: str
    name: str


class ProposalIn(Schema):
    title: str
    body: str
    kind: Kind | None = Field(
        None,
        description="advice, consent or vote; the community's usual "
        "way (or its way to change a purpose) when left out.",
    )
    subject: Literal["general", "purpose"] = "general"
    group: str | None = Field(
        None, description="The slug of the group it is for; none: the community."
    )
    topic: str = Field("", description="A word or two that finds people with relevant history.")
    purpose_text: str = Field("", description="The purpose proposed (subject `purpose`).")
    touches: list[str] = Field(
        default_factory=list,
        description="Slugs of other groups it affects; their members are suggested as advisors.",
    )


class ProposalOut(Schema):
    id: int
    title: str
    kind: Kind
    subject: Proposal.Subject
    status: Proposal.Status
    status_label: str
    group: GroupRef | None
    author: PersonOut | None
    round: int
    created_at: datetime
    decided_at: datetime | None
    outcome: str
    review_on: date | None


class TallyOut(Schema):
    counts: dict[str, int] = Field(description="Current positions of eligible people by stance.")
    eligible: int
    waiting: int = Field(description="Eligible people who have not answered this round.")
    passes: bool = Field(description="Whether, as it stands, it would pass or could be adopted.")
    reasons: list[str] = Field(description="Why it would not, in words for people.")
    quorum_needed: int | None = None
    counting_opens: datetime | None = Field(None, description="A vote's minimum open time ends.")


class PositionOut(Schema):
    person: PersonOut
    stance: Stance
    reason: str
    round: int
    current: bool
    created_at: datetime

    @staticmethod
    def resolve_person(position: Position) -> User:
        return position.user


class AdviceOut(Schema):
    author: PersonOut | None
    text: str
    round: int
    created_at: datetime


class AdviceRequestOut(Schema):
    person: PersonOut
    why: str
    created_at: datetime


class RevisionOut(Schema):
    round: int
    title: str
    body: str
    purpose_text: str
    note: str
    created_at: datetime


class ProposalDetailOut(ProposalOut):
    body: str
    topic: str
    purpose_text: str
    candidate: PersonOut | None
    eligible_count: int | None
    min_open_hours: int
    quorum_percent: int
    tally: TallyOut | None
    positions: list[PositionOut] = Field(description="Current positions in this round.")
    revisions: list[RevisionOut]
    advice: list[AdviceOut]
    asked: list[AdviceRequestOut]
    consulted: list[PersonOut] = Field(description="Everyone asked or who advised (advice).")
    can_take_position: bool
    can_lead: bool


class PositionIn(Schema):
    stance: str
    reason: str = ""


class AdviceIn(Schema):
    text: str


class AskIn(Schema):
    user_id: int
    why: str = ""


class SuggestionOut(Schema):
    person: PersonOut
    why: list[str]


class AmendIn(Schema):
    title: str
    body: str
    note: str
    purpose_text: str | None = None


class CloseIn(Schema):
    outcome: str
    review_on: date | None = None


class WithdrawIn(Schema):
    outcome: str


class ReviewIn(Schema):
    note: str
    next_review_on: date | None = None


class ReviewOut(Schema):
    note: str
    next_review_on: date | None
    created_at: datetime


class DefaultsOut(Schema):
    kind: Kind
    purpose_kind: Kind
    review_days: int
    vote_min_open_hours: int
    vote_quorum_percent: int


class DefaultsPatch(Schema):
    kind: str | None = None
    purpose_kind: str | None = None
    review_days: int | None = None
    vote_min_open_hours: int | None = None
    vote_quorum_percent: int | None = None


# Roles -------------------------------------------------------------------------------------------


class RoleIn(Schema):
    name: str
    purpose: str
    term_days: int = Field(description="7 to 732 days.")


class RolePatch(Schema):
    name: str | None = None
    purpose: str | None = None
    term_days: int | None = None


class TermOut(Schema):
    holder: PersonOut
    starts_on: date
    ends_on: date
    proposal_id: int | None


class RoleOut(Schema):
    id: int
    name: str
    purpose: str
    term_days: int
    holder: TermOut | None = Field(description="Who holds it today.")
    next_term: TermOut | None
    selection_phase: str | None = Field(description="The phase of a selection under way.")
    comes_up: bool = Field(description="Nobody holds it next and the term ends within 14 days.")


class NominationOut(Schema):
    nominator: PersonOut
    nominee: PersonOut
    reason: str
    round: str
    current: bool
    created_at: datetime


class SelectionOut(Schema):
    id: int
    phase: str
    facilitator: PersonOut | None
    nomination_count: int
    nominations: list[NominationOut] = Field(
        description="Before the nomination round: only yours. From it on: everyone's, with "
        "every change."
    )
    proposal_id: int | None


class NominationIn(Schema):
    nominee_id: int
    reason: str


class StepIn(Schema):
    step: Literal["reveal", "changes", "cancel"]


class CandidateIn(Schema):
    candidate_id: int
    reasons: str
