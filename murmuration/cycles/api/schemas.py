"""Request and response bodies of the cycles endpoints.

A review choice appears only in answers to the person who made it (`my_choice`); everyone else
gets `chosen`, the number of people who have chosen. Retro bodies reach only the group's
members; an item written without a name has `author: null` for everyone but its author.
Lengths, dates and choices are checked by the actions, which name the field in a 400.
"""

from datetime import date, datetime, time
from typing import Literal

from ninja import Field, Schema

from murmuration.accounts.schemas import PersonOut
from murmuration.communities.schemas import GroupRef
from murmuration.rhythms.api.schemas import PracticeRef

from ..models import Commitment, Retrospective, ReviewChoice

# Commitments ---------------------------------------------------------------------------------


class ProgressOut(Schema):
    held: int = Field(description="Sessions of the commitment that have started.")
    total: int | None = Field(description="Sessions it runs for; null while unknown.")
    complete: bool = Field(description="Whether every one of its sessions exists yet.")
    next_session_id: int | None
    next_starts_at: datetime | None
    ends_at: datetime | None = Field(description="When its last session ends, once known.")


class CommitmentOut(Schema):
    id: int
    status: Commitment.Status
    rhythm_id: int | None
    rhythm_name: str | None
    starts_on: date
    session_count: int | None
    ends_on: date | None
    previous_id: int | None = Field(description="The commitment this one renews.")
    closing_note: str
    began_at: datetime | None
    review_from: datetime | None = Field(description="When its review gate opened.")
    status_changed_at: datetime
    people: list[PersonOut] = Field(description="Who opted in.")
    progress: ProgressOut | None = Field(description="For an active or reviewing commitment.")
    chosen: int | None = Field(description="At the review: how many people have chosen.")
    my_choice: ReviewChoice.Choice | None = Field(
        description="Your own choice at the review; nobody else's is ever shown."
    )


class CommitmentIn(Schema):
    rhythm_id: int
    starts_on: date
    session_count: int | None = Field(None, description="1 to 52.")
    ends_on: date | None = Field(None, description="A last date, instead of or with a count.")


class ChoiceIn(Schema):
    choice: ReviewChoice.Choice


class ChoiceOut(Schema):
    choice: ReviewChoice.Choice | None
    chosen_at: datetime | None
    message: str = ""


class RenewIn(Schema):
    """Left out or null: as before. `recurrence` takes what the rhythm endpoints take."""

    session_count: int | None = None
    ends_on: date | None = None
    recurrence: str | None = None
    start_time: time | None = None
    practice: str | None = Field(None, description='A practice\'s slug; "" removes it.')
    rotation_enabled: bool | None = None


class CloseIn(Schema):
    closing_note: str = Field("", description="Required at the review; up to 2000 characters.")


# Retrospectives ------------------------------------------------------------------------------


class RetroItemOut(Schema):
    id: int
    column: str
    text: str
    author: PersonOut | None = Field(description="Null when written without a name (but yours).")
    anonymous: bool
    mine: bool
    votes: int
    my_vote: bool
    grouped: list["RetroItemOut"] = Field(description="Similar items grouped under this one.")


class RetroColumnOut(Schema):
    key: str
    title: str
    prompt: str
    items: list[RetroItemOut]


class RetroActionOut(Schema):
    id: int
    text: str
    owner: PersonOut | None
    due_on: date
    done_at: datetime | None
    item_id: int | None
    session_id: int = Field(description="The session whose retrospective agreed it.")


class RetroOut(Schema):
    session_id: int
    commitment_id: int | None
    phase: Retrospective.Phase
    format: PracticeRef | None
    votes_each: int
    votes_left: int
    columns: list[RetroColumnOut]
    actions: list[RetroActionOut]


class RetroIn(Schema):
    practice: str | None = Field(None, description="A retrospective practice's slug.")
    votes_each: int = 3


class RetroPatch(Schema):
    phase: Retrospective.Phase | None = None
    expected_phase: Retrospective.Phase | None = Field(
        None, description="The phase you saw; another is a 409 and nothing changes."
    )
    practice: str | None = None
    votes_each: int | None = None


class ItemIn(Schema):
    column: str
    text: str
    anonymous: bool = False


class ItemPatch(Schema):
    under_id: int | None = Field(description="Group it under this item; null stands it alone.")


class ActionIn(Schema):
    text: str = Field("", description="Defaults to the item's text.")
    owner_id: int
    due_on: date
    item_id: int | None = None


class ActionPatch(Schema):
    done: bool


# Health and growth ---------------------------------------------------------------------------


class HealthOut(Schema):
    attendance_rate: float | None
    present: int
    recorded: int
    cycles_completed: int
    on_time_rate: float | None
    actions_on_time: int
    actions_due: int


class GroupHealthOut(HealthOut):
    group: GroupRef
    commitment_status: Commitment.Status | None


class LineageOut(Schema):
    child: GroupRef
    parent: GroupRef
    kind: Literal["split", "seeded"]
    created_at: datetime


class SplitHalfOut(Schema):
    people: list[PersonOut]
    slot: int = Field(description="A UTC half-hour of the week they can all meet (0 = Mon 00:00).")


class SplitOut(Schema):
    stay: SplitHalfOut
    move: SplitHalfOut
    unplaced: list[PersonOut]
    plan: str = Field(description="Send back with the split so it is the one you saw.")


class SplitIn(Schema):
    name: str = ""
    plan: str | None = None
