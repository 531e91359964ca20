"""Planning a split: the pod formation engine divides a group that outgrew its band in two.

Each person's free time is their weekly availability in UTC for the current week, plus the
group's current meeting time: everyone in the group makes that time now, so it stays common to
both halves and nobody without stated availability is stranded. The engine then forms two pods
of as-equal size with a common start each; the half holding the caller (or the first half)
stays, the other becomes a new group meeting at its common start.

Nothing here writes; `actions.growth.split_group` does, after checking the plan it was shown
is still the plan (`fingerprint`).
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone

from murmuration.accounts.availability import SLOT_MINUTES, SLOTS_PER_WEEK, to_utc_slots
from murmuration.accounts.models import User
from murmuration.communities.models import Group, GroupMembership
from murmuration.matching.engine import Problem, ProblemError, form_pods
from murmuration.matching.engine.model import Member
from murmuration.rhythms import recurrence
from murmuration.rhythms.models import Rhythm, Session

from .models import Commitment

MIN_HALF = 2
_ANY_TIME = frozenset(range(SLOTS_PER_WEEK))


@dataclass(frozen=True)
class Half:
    members: tuple[User, ...]
    # UTC half-hour slot of the week (0 = Monday 00:00 UTC) the half can meet at.
    slot: int


@dataclass(frozen=True)
class SplitPlan:
    stay: Half
    move: Half
    # People the engine could not place; they stay in the group.
    unplaced: tuple[User, ...]
    # The rhythm the new group's first rhythm is modelled on.
    rhythm: Rhythm | None
    fingerprint: str

    def meeting(self, half: Half, zone: str, today: date) -> datetime:
        """The first local start of `half`'s slot after `today`, in `zone`."""
        return first_local_start(half.slot, zone, today)


class CannotSplit(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def main_rhythm(group: Group) -> Rhythm | None:
    """The rhythm the group commits to, else its first running one."""
    committed = (
        Commitment.objects.filter(group=group, rhythm__ended_at__isnull=True)
        .exclude(rhythm=None)
        .select_related("rhythm")
        .first()
    )
    if committed is not None and committed.rhythm is not None:
        return committed.rhythm
    return Rhythm.objects.filter(group=group, ended_at__isnull=True).order_by("pk").first()


def week_slot(moment: datetime) -> int:
    utc = moment.astimezone(UTC)
    return (utc.weekday() * 24 * 60 + utc.hour * 60 + utc.minute) // SLOT_MINUTES


def meeting_slots(rhythm: Rhythm | None, now: datetime) -> frozenset[int]:
    """The UTC slots the rhythm's next session covers."""
    if rhythm is None:
        return frozenset()
    start = (
        Session.objects.filter(rhythm=rhythm, starts_at__gt=now)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    ) or recurrence.to_utc(datetime.combine(rhythm.start_date, rhythm.start_time), rhythm.time_zone)
    first = week_slot(start)
    length = -(-rhythm.duration_minutes // SLOT_MINUTES)
    return frozenset((first + k) % SLOTS_PER_WEEK for k in range(length))


def session_minutes(rhythm: Rhythm | None) -> int:
    minutes = rhythm.duration_minutes if rhythm else 60
    return -(-minutes // SLOT_MINUTES) * SLOT_MINUTES


def plan_split(group: Group, now: datetime | None = None) -> SplitPlan:
    now = now or timezone.now()
    people = [
        gm.user
        for gm in GroupMembership.objects.filter(group=group)
        .select_related("user")
        .order_by("joined_at", "pk")
    ]
    if len(people) < 2 * MIN_HALF:
        raise CannotSplit("too few")
    rhythm = main_rhythm(group)
    common = meeting_slots(rhythm, now)
    week = now.date()
    free = {}
    for person in people:
        own = frozenset(to_utc_slots(person.availability or [], person.time_zone, week))
        free[person.pk] = (own | common) or _ANY_TIME
    half = len(people) // 2
    problem_size = (half, len(people) - half)
    members = tuple(Member(id=str(p.pk), slots=free[p.pk]) for p in people)
    callers = (str(group.caller_id),) if group.caller_id in free else ()
    try:
        result = form_pods(
            Problem(
                members=members,
                pod_size=problem_size,
                session_minutes=session_minutes(rhythm),
                callers=callers,
                allow_repeats=True,
                seed=group.pk,
            )
        )
    except ProblemError as error:
        raise CannotSplit(error.message) from error
    if len(result.pods) != 2:
        raise CannotSplit("no two pods")
    by_id = {str(p.pk): p for p in people}
    halves = [
        Half(tuple(sorted((by_id[m] for m in pod.members), key=people.index)), pod.slot)
        for pod in result.pods
    ]
    staying = next((h for h in halves if group.caller_id in {u.pk for u in h.members}), halves[0])
    moving = halves[1] if staying is halves[0] else halves[0]
    unplaced = tuple(by_id[u.id] for u in result.unplaced)
    shown = (
        [u.pk for u in staying.members],
        staying.slot,
        [u.pk for u in moving.members],
        moving.slot,
        [u.pk for u in unplaced],
        rhythm.pk if rhythm else None,
    )
    fingerprint = hashlib.sha256(repr(shown).encode()).hexdigest()[:16]
    return SplitPlan(staying, moving, unplaced, rhythm, fingerprint)


def first_local_start(slot: int, zone: str, today: date) -> datetime:
    """The first moment after `today` that falls on UTC week slot `slot`, in `zone`'s time."""
    monday = datetime.combine(today - timedelta(days=today.weekday()), time.min, tzinfo=UTC)
    moment = monday + timedelta(minutes=slot * SLOT_MINUTES)
    while moment.date() <= today:
        moment += timedelta(weeks=1)
    return recurrence.to_local(moment, zone)
