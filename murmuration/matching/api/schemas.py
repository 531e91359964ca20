"""Request and response bodies of the rounds endpoints.

Times go out in UTC. Availability goes in and out as half-hour slots in the person's own time
zone (0 is Monday 00:00-00:30, 335 Sunday 23:30-24:00), like `/me`. Keep-apart lists appear
only in answers for the person who made them and for the community's hosts.

Ranges and choices are not constrained here: the actions check them and answer 400 with the
field's name and the same sentence the web form shows.
"""

from datetime import date, datetime

from ninja import Field, Schema

from murmuration.accounts.schemas import PersonOut


class RoundIn(Schema):
    name: str
    description: str = ""
    group: str | None = Field(None, description="A group's slug: the round is held inside it.")
    opt_in_deadline: datetime = Field(description="With its time zone; in the future.")
    first_week: date = Field(description="Any day of the week in which the pods first meet.")
    pod_size_min: int = 4
    pod_size_max: int = 5
    session_minutes: int = Field(60, description="30 to 240, in steps of 30.")
    session_count: int = Field(6, description="Weekly sessions each pod commits to (1-52).")
    formats: list[str] = Field(["care"], description="Any of care, incubator, free.")


class RoundOut(Schema):
    id: int
    name: str
    description: str
    group: str | None = Field(description="The slug of the group it is held in, if any.")
    status: str = Field(description="open, reviewing, published or cancelled.")
    opt_in_deadline: datetime
    first_week: date = Field(description="The Monday of the week the pods first meet.")
    pod_size_min: int
    pod_size_max: int
    session_minutes: int
    session_count: int
    formats: list[str]
    version: int = Field(description="Send it back with moves and publishing.")
    entry_count: int
    my_role: str | None = Field(description="Your entry's role, or null if you are not in.")


class EntryIn(Schema):
    role: str = Field(description="caller or member.")
    format: str = Field(description="One of the round's formats.")
    slots: list[object] | None = Field(
        None, description="Your free half-hours in your own zone; your profile's when left out."
    )
    keep_apart: list[object] = Field([], description="Member ids to keep apart from (private).")
    seeded_from: str | None = Field(None, description="A caller's group slug, to seed from.")


class EntryPatch(Schema):
    role: str | None = None
    format: str | None = None
    slots: list[object] | None = None
    keep_apart: list[object] | None = None
    seeded_from: str | None = Field(None, description="A group slug; an empty string clears it.")


class EntryOut(Schema):
    round: int
    person: PersonOut
    role: str
    format: str
    slots: list[int]
    time_zone: str = Field(description="The zone `slots` are in.")
    keep_apart: list[PersonOut] = Field(description="Seen by you and the round's hosts only.")
    seeded_from: str | None


class MemberOut(Schema):
    person: PersonOut
    role: str
    keep_apart: list[int] = Field(description="Ids this person asked to be kept apart from.")


class PodOut(Schema):
    id: int
    number: int
    format: str
    slot: int | None = Field(description="UTC half-hour of the first week; null: no common time.")
    starts_at: datetime | None = Field(description="The first meeting, in UTC.")
    size_ok: bool
    members: list[MemberOut]
    repeats: list[list[int]] = Field(description="[person id, person id, times met] per pair.")
    group: str | None = Field(description="Once published: the pod's group slug.")


class UnplacedOut(Schema):
    person: PersonOut
    reason: str


class ProposalOut(Schema):
    round: int
    status: str
    version: int
    repeat_count: int
    pods: list[PodOut]
    unplaced: list[UnplacedOut]


class VersionIn(Schema):
    version: int | None = Field(
        None, description="The version you saw; a changed proposal answers 409. Null skips it."
    )


class MoveIn(VersionIn):
    person: int = Field(description="The id of the person to move.")
    to: int | str | None = Field(
        description='A pod id, "new" for a new pod, or null to leave them out of every pod.'
    )


class MyPodOut(Schema):
    group: str = Field(description="The pod's group slug.")
    name: str
    members: list[PersonOut] = Field(description="The others in the pod.")
    starts_at: datetime = Field(description="The first meeting, in UTC.")
    ends_at: datetime
    local_start: str = Field(description="The first meeting in your own zone, ISO 8601.")
    time_zone: str
