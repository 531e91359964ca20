"""Request and response bodies of the sensing endpoints.

Lengths, tag counts and time boxes are checked by the actions, which answer 400 with the
field's name and the same sentence the web form shows.
"""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from murmuration.accounts.schemas import PersonOut

from ..models import Experiment, Pattern, Signal

Trend = Literal["rising", "steady", "falling"]


class ScopeRef(Schema):
    group: str | None = Field(description="The group's slug; null for the whole community.")

    @staticmethod
    def resolve_group(obj: Signal | Pattern | Experiment | dict) -> str | None:
        # A detail body is built from a list body's dump, which holds the slug already.
        if isinstance(obj, dict):
            return obj.get("group")
        return obj.group.slug if obj.group is not None else None


class SignalIn(Schema):
    text: str = Field(description="At most 280 characters.")
    kind: Signal.Kind = Signal.Kind.OBSERVATION
    tags: list[str] = Field(default_factory=list, description="At most five, 30 characters each.")
    group: str | None = Field(None, description="A group you are in (its slug); none for everyone.")


class PatternRef(Schema):
    id: int
    label: str


class SignalOut(ScopeRef):
    id: int
    text: str
    kind: Signal.Kind
    tags: list[str]
    author: PersonOut | None
    pattern: PatternRef | None
    created_at: datetime
    raised_at: datetime | None


class PatternOut(ScopeRef):
    id: int
    label: str
    signal_count: int
    recent_count: int = Field(description="Signals in the last two weeks.")
    trend: Trend
    kept: bool = Field(description="Corrected by people; recomputation keeps it.")


class PatternDetailOut(PatternOut):
    signals: list[SignalOut]


class LabelIn(Schema):
    label: str


class MergeIn(Schema):
    others: list[int] = Field(description="Patterns of the same scope to merge into this one.")


class SplitIn(Schema):
    signals: list[int] = Field(description="Signals of this pattern that belong apart.")
    label: str = Field(description="The new pattern's label.")


class PlanIn(Schema):
    title: str
    hypothesis: str = Field(description="We believe … will lead to …")
    action: str = Field(description="The smallest action.")
    observe: str = Field(description="What to observe.")
    starts_on: date | None = Field(None, description="Today when left out.")
    ends_on: date = Field(description="At most eight weeks after the start.")


class ExperimentIn(PlanIn):
    group: str | None = Field(None, description="A group you are in; ignored with a pattern.")
    pattern: int | None = Field(None, description="The pattern it acts on, if any.")


class ExperimentOut(ScopeRef):
    id: int
    title: str
    hypothesis: str
    action: str
    observe: str
    starts_on: date
    ends_on: date
    status: Experiment.Status
    owner: PersonOut | None
    pattern: PatternRef | None
    follows: int | None = Field(description="The experiment this one adapts.")
    participant_count: int
    learnings: str

    @staticmethod
    def resolve_follows(experiment: Experiment | dict) -> int | None:
        if isinstance(experiment, dict):
            return experiment.get("follows")
        return experiment.follows_id


class CheckInIn(Schema):
    happened: str
    adjustment: str = ""


class CheckInOut(Schema):
    id: int
    author: PersonOut | None
    happened: str
    adjustment: str
    created_at: datetime


class ExperimentDetailOut(ExperimentOut):
    participants: list[PersonOut]
    checkins: list[CheckInOut]
    follow_ups: list[int]


class OutcomeIn(Schema):
    outcome: Literal["adopted", "adapted", "abandoned"]
    learnings: str
    follow_up: PlanIn | None = Field(None, description="Required to adapt: the next try.")


class OutcomeOut(Schema):
    experiment: ExperimentOut
    follow_up: ExperimentOut | None
