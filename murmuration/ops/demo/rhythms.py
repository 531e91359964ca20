"""The demo's tempo: every group's rhythms, six weeks of sessions held and twelve to come.

Each group meets weekly or fortnightly in its caller's time zone, at a time the caller is free
(for a pod, a time all its members share, whatever their zones). Rhythms start about six weeks
back, so the demo has a history: attendance, check-ins and notes on sessions already held,
facilitation that rotated among the people who opted in, RSVPs for what is coming, and one
session moved and one cancelled in the Growers Band, which the demo member belongs to.

Everything is done through `rhythms.actions`, as a member would, except what an action cannot
do because it records the present: timestamps are moved into the past, and the facilitators of
past sessions are planned as if the rotation had been in place from the first session.
"""

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from django.db.models import Model

from murmuration.accounts.availability import (
    SLOT_MINUTES,
    SLOTS_PER_DAY,
    slot_ranges,
    slot_start,
    to_utc_slots,
)
from murmuration.accounts.models import User
from murmuration.communities.models import Group
from murmuration.rhythms import actions, rotation, sessions
from murmuration.rhythms.models import (
    Attendance,
    CheckIn,
    Rhythm,
    RotationMember,
    Session,
    SessionNote,
)
from murmuration.rhythms.practice_actions import practice_for

from .people import Person

HISTORY = timedelta(weeks=6)
# Pods were matched on one fixed week (see load.POD_WEEK); their shared time is read in it too.
POD_WEEK = date(2025, 6, 2)
# Rotations of bigger groups: the caller and a few volunteers, not everyone.
MAX_ROTATION = 6
# The group whose next sessions are moved and cancelled: the demo member is in it.
CHANGED_GROUP = "growers"


@dataclass(frozen=True)
class RhythmSpec:
    name: str
    category: str
    recurrence: str
    minutes: int
    practice: str | None = None
    location: str = ""


ONLINE = "https://meet.example.org/{slug}"

RHYTHMS: dict[str, list[RhythmSpec]] = {
    "growers": [
        RhythmSpec("Harvest planning", "planning", "fortnightly", 60, "1-2-4-all", ONLINE),
        RhythmSpec("Work party", "working", "weekly", 120, None, "Riverbank plots, shed 2"),
    ],
    "seed-library": [
        RhythmSpec(
            "Stewards' meeting", "planning", "fortnightly", 60, "what-so-what-now-what", ONLINE
        ),
    ],
    "seed-swap": [
        RhythmSpec("Swap preparation", "working", "weekly", 45, None, ONLINE),
    ],
    "germination": [
        RhythmSpec("Germination tests", "working", "fortnightly", 90, None, "Library back room"),
        RhythmSpec("Seed science reading", "learning", "fortnightly", 60, None, ONLINE),
    ],
    "compost": [
        RhythmSpec("Turning the heaps", "working", "weekly", 60, None, "Compost bays by the weir"),
    ],
    "rooftop": [
        RhythmSpec("Rooftop check-in", "relational", "weekly", 45, "check-in-round", ONLINE),
        RhythmSpec("Build retrospective", "learning", "fortnightly", 60, "retrospective", ONLINE),
    ],
    "welcome": [
        RhythmSpec("Welcome huddle", "planning", "weekly", 30, "check-in-round", ONLINE),
    ],
    "dawn-dusk": [
        RhythmSpec("Pod check-in", "relational", "weekly", 60, "check-in-round", ONLINE),
    ],
    "sunflower": [
        RhythmSpec("Weekly check-in", "relational", "weekly", 60, "check-in-round", ONLINE),
        RhythmSpec("Case clinic", "learning", "fortnightly", 75, "case-clinic", ONLINE),
    ],
    "parents": [
        RhythmSpec("Parents' circle", "relational", "fortnightly", 45, "troika-consulting", ONLINE),
    ],
    "care": [
        RhythmSpec("Care circle", "relational", "weekly", 60, "check-in-round", ONLINE),
    ],
}
# A group the story adds later still gets a tempo.
FALLBACK = [RhythmSpec("Check-in", "relational", "weekly", 45, "check-in-round", ONLINE)]

CHECKIN_WORDS = [
    "hopeful", "tired", "grateful", "scattered", "calm", "curious", "stretched", "rested",
    "excited", "quiet", "busy", "grounded", "wobbly", "proud", "muddy", "sunny",
]  # fmt: skip
NOTES = [
    "We agreed to try a walking meeting next time, weather permitting.",
    "Next steps: ask the library about a second key, and draft the rota for December.",
    "Thanks for holding the space so gently tonight.",
    "Parking lot: how we welcome people who join mid-season.",
    "Two of us will pair on the seed inventory before the next session.",
    "Lovely round. Let's keep the check-in to one word each; it kept us on time.",
    "Action: share photos of the beds in the group before Friday.",
]


class Loader(Protocol):
    """What this step needs from the demo loader."""

    rng: random.Random
    now: datetime
    groups: dict[str, Group]
    group_members: dict[str, list[Person]]
    group_joined: dict[tuple[str, str], float]
    tick: Callable[[], None]

    def user(self, person: Person) -> User: ...


def step_count() -> int:
    """Progress steps this adds: one per group."""
    from .story import GROUPS

    return len(GROUPS)


def add_rhythms(loader: Loader) -> None:
    changed: list[Rhythm] = []
    for key, group in loader.groups.items():
        members = loader.group_members[key]
        specs = RHYTHMS.get(key, FALLBACK)
        for spec, (weekday, at) in zip(specs, _meeting_times(loader, key, len(specs)), strict=True):
            rhythm = _Rhythm(loader, key, group, members, spec).create(weekday, at)
            if key == CHANGED_GROUP:
                changed.append(rhythm)
        loader.tick()
    if changed:
        _move_and_cancel(loader, changed[0])


# When groups meet ----------------------------------------------------------------------------


def _meeting_times(loader: Loader, key: str, count: int) -> list[tuple[int, time]]:
    """(weekday, local time) in the caller's zone for each rhythm, at the start of free time.

    Pods meet when all their members are free; other groups when their caller is.
    """
    members = loader.group_members[key]
    caller = members[0]
    zone = ZoneInfo(caller.time_zone)
    if len(members) <= 6 and all(p.availability for p in members):
        shared = set(to_utc_slots(caller.availability, caller.time_zone, POD_WEEK))
        for person in members[1:]:
            shared &= set(to_utc_slots(person.availability, person.time_zone, POD_WEEK))
        starts = [first for first, _end in slot_ranges(shared)]
        if len(starts) >= count:
            monday = datetime.combine(POD_WEEK, time.min, tzinfo=UTC)
            chosen = sorted(loader.rng.sample(starts, count))
            moments = [monday + timedelta(minutes=s * SLOT_MINUTES) for s in chosen]
            return [(m.astimezone(zone).weekday(), m.astimezone(zone).time()) for m in moments]
    runs = [first for first, _end in slot_ranges(caller.availability)]
    if len(runs) < count:
        runs = [1 * SLOTS_PER_DAY + 38, 3 * SLOTS_PER_DAY + 38][:count]  # Tue and Thu 19:00
    return [slot_start(slot) for slot in sorted(loader.rng.sample(runs, count))]


# One rhythm and its history ------------------------------------------------------------------


class _Rhythm:
    def __init__(
        self, loader: Loader, key: str, group: Group, members: list[Person], spec: RhythmSpec
    ) -> None:
        self.loader = loader
        self.rng = loader.rng
        self.key = key
        self.group = group
        self.members = members
        self.spec = spec
        self.caller = loader.user(members[0])
        self.users = {user.pk: user for user in map(loader.user, members)}

    def create(self, weekday: int, at: time) -> Rhythm:
        zone = self.caller.time_zone
        oldest = min(HISTORY, self.loader.now - self.group.created_at - timedelta(days=1))
        today = self.loader.now.astimezone(ZoneInfo(zone)).date()
        first = today - timedelta(days=max(oldest.days, 0))
        first += timedelta(days=(weekday - first.weekday()) % 7)
        rhythm = actions.create_rhythm(
            self.caller,
            self.group,
            name=self.spec.name,
            category=self.spec.category,
            recurrence=self.spec.recurrence,
            start_date=first,
            start_time=at,
            time_zone=zone,
            duration_minutes=self.spec.minutes,
            location=self.spec.location.format(slug=self.group.slug),
            practice=practice_for(self.group.community, self.spec.practice)
            if self.spec.practice
            else None,
        )
        first_start = rhythm.sessions.order_by("starts_at").values_list("starts_at", flat=True)[0]
        created = max(min(self.loader.now, first_start) - timedelta(days=3), self.group.created_at)
        _stamp(Rhythm, rhythm.pk, created_at=created)
        self._rotation(rhythm, created)
        all_sessions = list(rhythm.sessions.order_by("starts_at"))
        held = [s for s in all_sessions if s.starts_at < self.loader.now]
        for session in held:
            self._attendance(session)
        if rhythm.practice and rhythm.practice.slug in ("check-in-round", "case-clinic"):
            for session in held[-2:]:
                self._shared(session)
        coming = [s for s in all_sessions if s.starts_at > self.loader.now]
        for session in coming[:2]:
            self._rsvps(session)
        return rhythm

    def joined(self, person: Person) -> datetime:
        days_ago = self.loader.group_joined.get((self.key, person.email), 0.0)
        return self.loader.now - timedelta(days=days_ago)

    def there_by(self, moment: datetime) -> list[Person]:
        """Members who had joined the group by `moment`."""
        return [p for p in self.members if self.joined(p) <= moment]

    def _rotation(self, rhythm: Rhythm, created: datetime) -> None:
        """Volunteers opt in, and past turns go round as if they had been there from the start.

        Actions plan only what is still to come, so the turns already held are planned here
        with the rotation's own fair rule, leaving out whoever had not joined the group yet;
        then the re-plan every join does gives the upcoming turns from that history.
        """
        others = self.members[1:]
        volunteers = self.rng.sample(others, min(len(others), MAX_ROTATION - 1))
        for person in volunteers:
            actions.join_rotation(self.loader.user(person), rhythm)
        joined = {self.loader.user(p).pk: self.joined(p) for p in self.members}
        people = []
        for order, member in enumerate(RotationMember.objects.filter(rhythm=rhythm)):
            since = max(created, joined[member.user_id]) + timedelta(minutes=order)
            _stamp(RotationMember, member.pk, joined_at=since)
            people.append(member.user_id)
        held = list(rhythm.sessions.filter(starts_at__lt=self.loader.now).order_by("starts_at"))
        slots = []
        for session in held:
            newcomers = frozenset(p for p in people if joined[p] > session.starts_at)
            slots.append(rotation.Slot(session.pk, session.starts_at, absent=newcomers))
        chosen = rotation.plan([rotation.Candidate(p) for p in people], slots)
        for session in held:
            session.facilitator_id = chosen[session.pk]
        Session.objects.bulk_update(held, ["facilitator"])
        sessions.replan(rhythm, self.loader.now)
        # The practice's rotating roles (e.g. the case giver) follow the facilitators.
        planned = list(rhythm.sessions.order_by("starts_at"))
        sessions.assign_roles(rhythm, rhythm.practice, planned)
        Session.objects.bulk_update(planned, ["roles"])

    def _attendance(self, session: Session) -> None:
        there = self.there_by(session.starts_at)
        crew = len(self.members) <= 6
        recorder = self.users.get(session.facilitator_id or 0, self.caller)
        for person in there:
            user = self.loader.user(person)
            if user.pk == session.facilitator_id:
                present = True
            elif crew:
                present = self.rng.random() < 0.85
            elif self.rng.random() < 0.6:
                continue  # in a big group, most people's attendance goes unrecorded
            else:
                present = self.rng.random() < 0.7
            actions.record_attendance(recorder, session, user, present)
        ended = session.starts_at + timedelta(minutes=session.duration_minutes)
        Attendance.objects.filter(session=session).update(updated_at=ended)

    def _shared(self, session: Session) -> None:
        """A few check-ins and a note from the people who were there."""
        present = list(
            Attendance.objects.filter(session=session, present=True)
            .order_by("user__email")
            .values_list("user_id", flat=True)
        )
        users = self.users
        talkers: Sequence[int] = self.rng.sample(present, min(len(present), 4))
        for minute, person in enumerate(talkers, start=2):
            checkin = actions.check_in(
                users[person], session, self.rng.choice(CHECKIN_WORDS), self.rng.randint(2, 5)
            )
            _stamp(CheckIn, checkin.pk, created_at=session.starts_at + timedelta(minutes=minute))
        if talkers:
            note = actions.add_note(users[talkers[0]], session, self.rng.choice(NOTES))
            written = session.starts_at + timedelta(minutes=session.duration_minutes - 5)
            _stamp(SessionNote, note.pk, created_at=written)

    def _rsvps(self, session: Session) -> None:
        crew = len(self.members) <= 6
        for person in self.members:
            roll = self.rng.random()
            if not crew and roll < 0.6:
                continue
            answer = "yes" if roll < 0.8 else ("maybe" if roll < 0.92 else "no")
            actions.set_rsvp(self.loader.user(person), session, answer)


def _move_and_cancel(loader: Loader, rhythm: Rhythm) -> None:
    """The next session but one is cancelled and the one after moves a day later."""
    upcoming = list(rhythm.sessions.filter(starts_at__gt=loader.now).order_by("starts_at")[:3])
    if len(upcoming) < 3:
        return
    caller = rhythm.created_by
    assert caller is not None
    actions.cancel_session(caller, upcoming[1])
    moved = upcoming[2]
    actions.move_session(caller, moved, moved.starts_at + timedelta(days=1))


def _stamp(model: type[Model], pk: int, **moments: datetime) -> None:
    """Put timestamps where they belong; actions stamp "now", which history cannot use."""
    model._default_manager.filter(pk=pk).update(**moments)
