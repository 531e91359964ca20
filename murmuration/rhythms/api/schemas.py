"""Request and response bodies of the rhythms and sessions endpoints.

Times go out in UTC (ISO 8601 with a Z) beside the rhythm's own time zone and the same moment in
that zone, so a client can show "19:00 in London" without a time zone database of its own.

Lengths, ranges, time zones and recurrence rules are deliberately not constrained here: the
actions check them and answer 400 with the field's name and a sentence a person can act on,
the same message the web form shows.
"""

from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from ninja import Field, Schema

from murmuration.accounts.models import User
from murmuration.accounts.schemas import PersonOut
from murmuration.communities.models import Group

from ..models import Attendance, Category, CheckIn, Rhythm, RotationMember, Session

# Rhythms -------------------------------------------------------------------------------------


class PracticeRef(Schema):
    slug: str
    name: str


class RhythmIn(Schema):
    name: str
    category: Category = Category.RELATIONAL
    recurrence: str = Field(
        description=(
            "weekly, fortnightly, monthly, yearly, or an RFC 5545 RRULE value such as "
            "FREQ=WEEKLY;BYDAY=TU;COUNT=6."
        )
    )
    start_date: date = Field(
        description="The first date, in the rhythm's time zone; at most a year ago."
    )
    start_time: time = Field(description="Local time of day in the rhythm's time zone, e.g. 19:00.")
    time_zone: str | None = Field(
        None, description="An IANA time zone such as Europe/Berlin; yours when left out."
    )
    duration_minutes: int = Field(60, description="1 to 1440.")
    location: str = Field("", description="A place or a video link.")
    practice: str | None = Field(None, description="The slug of a practice in the library.")
    rotation_enabled: bool = True


class RhythmPatch(Schema):
    """Only the fields sent change. `practice: null` removes the practice; for the other
    fields null, like leaving them out, keeps the current value. A new rule, first date, time
    or zone restarts the rhythm from its next session; past sessions stay as they were."""

    name: str | None = None
    category: Category | None = None
    recurrence: str | None = None
    start_date: date | None = None
    start_time: time | None = None
    time_zone: str | None = None
    duration_minutes: int | None = None
    location: str | None = None
    practice: str | None = None
    rotation_enabled: bool | None = None


class RhythmOut(Schema):
    id: int
    name: str
    category: Category
    recurrence: str = Field(description="The canonical RRULE value, without the RRULE: prefix.")
    start_date: date
    start_time: time
    time_zone: str
    duration_minutes: int
    location: str
    practice: PracticeRef | None
    rotation_enabled: bool
    rotation_size: int
    in_rotation: bool = Field(description="Whether you are in its facilitation rotation.")
    next_start: datetime | None = Field(description="The next scheduled session, in UTC.")
    created_at: datetime
    ended_at: datetime | None

    # `rotation_size`, `in_rotation` and `next_start` are annotations of
    # `queries.rhythms_for_group`.

    @staticmethod
    def resolve_recurrence(rhythm: Rhythm) -> str:
        return rhythm.rrule


class RotationMemberOut(Schema):
    person: PersonOut
    joined_at: datetime

    @staticmethod
    def resolve_person(member: RotationMember) -> User:
        return member.user


# Sessions ------------------------------------------------------------------------------------


class RhythmRef(Schema):
    id: int
    name: str
    category: Category


class GroupRef(Schema):
    community: str = Field(description="The community's slug.")
    slug: str
    name: str

    @staticmethod
    def resolve_community(group: Group) -> str:
        return group.community.slug


class Counts(Schema):
    yes: int
    maybe: int
    no: int
    present: int


class SessionOut(Schema):
    id: int
    rhythm: RhythmRef
    group: GroupRef
    status: Literal["scheduled", "cancelled"]
    starts_at: datetime = Field(description="In UTC.")
    ends_at: datetime = Field(description="In UTC.")
    time_zone: str = Field(description="The rhythm's time zone.")
    local_starts_at: datetime = Field(description="The start in the rhythm's time zone.")
    occurrence: datetime = Field(description="The start the rhythm gave it, in UTC.")
    is_moved: bool
    duration_minutes: int
    location: str
    facilitator: PersonOut | None
    practice: PracticeRef | None
    sequence: int = Field(
        description="Changes whenever the session does; send it back as `expected_sequence`."
    )
    counts: Counts
    my_rsvp: Literal["yes", "maybe", "no", ""]

    # Resolvers read a Session row annotated by `queries` (counts and `my_rsvp`) with its
    # rhythm, group, community, facilitator and practice loaded.

    @staticmethod
    def resolve_ends_at(session: Session) -> datetime:
        return session.starts_at + timedelta(minutes=session.duration_minutes)

    @staticmethod
    def resolve_time_zone(session: Session) -> str:
        return session.rhythm.time_zone

    @staticmethod
    def resolve_local_starts_at(session: Session) -> datetime:
        return session.starts_at.astimezone(ZoneInfo(session.rhythm.time_zone))

    @staticmethod
    def resolve_location(session: Session) -> str:
        return session.rhythm.location

    @staticmethod
    def resolve_counts(session: Session) -> dict[str, int]:
        return {
            "yes": session.yes_count,  # type: ignore[attr-defined]
            "maybe": session.maybe_count,  # type: ignore[attr-defined]
            "no": session.no_count,  # type: ignore[attr-defined]
            "present": session.present_count,  # type: ignore[attr-defined]
        }

    @staticmethod
    def resolve_my_rsvp(session: Session) -> str:
        return session.my_rsvp or ""  # type: ignore[attr-defined]


class StepOut(Schema):
    title: str
    minutes: int
    guidance: str = ""
    role: str | None = None


class AttendanceOut(Schema):
    person: PersonOut
    rsvp: Literal["yes", "maybe", "no", ""]
    present: bool | None = Field(description="Recorded after the session; null until then.")

    @staticmethod
    def resolve_person(attendance: Attendance) -> User:
        return attendance.user


class CheckInOut(Schema):
    person: PersonOut
    word: str
    rating: int
    created_at: datetime

    @staticmethod
    def resolve_person(checkin: CheckIn) -> User:
        return checkin.user


class NoteOut(Schema):
    id: int
    author: PersonOut | None
    text: str
    created_at: datetime


class SessionDetailOut(SessionOut):
    """A session. The private parts (who answered what, check-ins, notes and role holders) are
    filled in only for the group's current members; for everyone else, the community's hosts
    included, they are null."""

    can_take_part: bool
    can_read_private: bool
    steps: list[StepOut]
    current_step: int | None = Field(description="The runner's step, from 0; null before it runs.")
    step_started_at: datetime | None
    finished_at: datetime | None
    attendance: list[AttendanceOut] | None
    checkins: list[CheckInOut] | None
    notes: list[NoteOut] | None
    roles: dict[str, PersonOut] | None = Field(
        description="Who holds which of the practice's roles, by role name."
    )


class SessionPatch(Schema):
    """Move, cancel or restore one session, or choose its facilitator or practice.

    Everything sent is applied together or not at all. `facilitator_id: null` and
    `practice: null` clear them; leaving a field out keeps it.
    """

    expected_sequence: int | None = Field(
        None,
        description=(
            "The `sequence` you last read. If the session changed since, nothing is saved and "
            "the answer is 409."
        ),
    )
    starts_at: datetime | None = Field(None, description="The new start, with its offset.")
    status: Literal["scheduled", "cancelled"] | None = Field(
        None, description="cancelled cancels the session; scheduled restores it."
    )
    facilitator_id: int | None = None
    practice: str | None = Field(None, description="A practice's slug.")


class RsvpIn(Schema):
    rsvp: str = Field(description='"yes", "maybe", "no", or "" to take your answer back.')


class AttendanceIn(Schema):
    person_id: int
    present: bool


class SwapIn(Schema):
    with_session: int = Field(description="The id of another session of the same rhythm.")


class NoteIn(Schema):
    text: str


class CheckInIn(Schema):
    word: str
    rating: int = Field(description="1 to 5.")


class RunnerIn(Schema):
    action: Literal["start", "next", "previous", "finish"]
    expected_step: int | None = Field(
        None,
        description=(
            "The step you were showing. If the session has moved on since, nothing changes and "
            "the answer is 409."
        ),
    )
