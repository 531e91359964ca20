"""Turning a rhythm's rule into Session rows, and keeping facilitators and roles planned.

Sessions are materialised a fixed horizon ahead rather than all at once, so an open-ended weekly
rhythm costs a dozen rows, not thousands. These helpers do no permission checks: they are called
by `rhythms.actions` (which has checked) and by the periodic top-up, which acts for no one.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from murmuration.communities.models import GroupMembership

from . import recurrence, rotation
from .models import Attendance, Practice, Rhythm, RotationMember, Session

HORIZON = timedelta(weeks=12)


def horizon(now: datetime | None = None) -> datetime:
    """The end of the UTC day twelve weeks ahead.

    A whole day rather than the exact instant, so two top-ups (or two demo loads) a few
    seconds apart create the same sessions.
    """
    end = ((now or timezone.now()) + HORIZON).astimezone(UTC)
    return datetime.combine(end.date() + timedelta(days=1), time(0), tzinfo=UTC)


def rhythm_occurrences(rhythm: Rhythm, *, after: datetime, before: datetime) -> list[datetime]:
    return recurrence.occurrences(
        rhythm.rrule,
        rhythm.start_date,
        rhythm.start_time,
        rhythm.time_zone,
        after=after,
        before=before,
    )


def ensure_sessions(
    rhythm: Rhythm, until: datetime | None = None, *, after: datetime | None = None
) -> int:
    """Create the sessions the rule gives up to `until` (default: the horizon).

    Returns how many were missing; a call running at the same moment may have added some first.

    Without `after`, only occurrences later than the newest existing one are added, so a rule
    changed by `update_rhythm` never grows sessions in the past. Inserts ignore the
    (rhythm, occurrence) constraint, so two calls at once neither duplicate nor lose a session,
    and an existing row, cancelled or moved, is never touched.
    """
    until = until or horizon()
    if rhythm.ended_at is not None:
        until = min(until, rhythm.ended_at)
    existing = Session.objects.filter(rhythm=rhythm)
    if after is None:
        newest = existing.order_by("-occurrence").values_list("occurrence", flat=True).first()
        if newest is not None:
            after = newest + timedelta(seconds=1)
        else:
            # Two days before the local start date covers every zone's offset from UTC.
            after = datetime.combine(rhythm.start_date, time.min, tzinfo=UTC) - timedelta(days=2)
    taken = set(existing.filter(occurrence__gte=after).values_list("occurrence", flat=True))
    starts = [s for s in rhythm_occurrences(rhythm, after=after, before=until) if s not in taken]
    if not starts:
        return 0
    new = [
        Session(
            rhythm=rhythm,
            group_id=rhythm.group_id,
            occurrence=start,
            starts_at=start,
            duration_minutes=rhythm.duration_minutes,
            practice_id=rhythm.practice_id,
        )
        for start in starts
    ]
    if rhythm.rotation_enabled:
        _plan_new(rhythm, new)
    if rhythm.practice_id:
        _share_roles(rhythm, new)
    Session.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def ensure_all_sessions(now: datetime | None = None) -> int:
    """Top up every running rhythm to the horizon; for a periodic task or `murmur` command."""
    created = 0
    for rhythm in Rhythm.objects.filter(ended_at__isnull=True).iterator():
        with transaction.atomic():
            created += ensure_sessions(rhythm, horizon(now))
    return created


# Facilitation --------------------------------------------------------------------------------


def rotation_people(rhythm: Rhythm) -> list[int]:
    """Opted-in people still in the group, in the order they joined the rotation."""
    in_group = GroupMembership.objects.filter(group_id=rhythm.group_id).values("user_id")
    return list(
        RotationMember.objects.filter(rhythm=rhythm, user_id__in=in_group)
        .order_by("joined_at", "pk")
        .values_list("user_id", flat=True)
    )


def _candidates(people: Sequence[int], history: Iterable[Session]) -> list[rotation.Candidate[int]]:
    counts: dict[int, int] = defaultdict(int)
    last: dict[int, datetime] = {}
    for session in history:
        person = session.facilitator_id
        if person is None:
            continue
        counts[person] += 1
        if person not in last or session.starts_at > last[person]:
            last[person] = session.starts_at
    # Someone who joins a long-running rotation starts level with the least-served person
    # already in it: they take a turn soon, but never every turn until their total catches up.
    served = [counts[p] for p in people if counts[p] > 0]
    level = min(served, default=0)
    return [rotation.Candidate(p, max(counts[p], level), last.get(p)) for p in people]


def _plan_new(rhythm: Rhythm, new: list[Session]) -> None:
    history = Session.objects.filter(rhythm=rhythm, status=Session.Status.SCHEDULED).only(
        "facilitator_id", "starts_at"
    )
    candidates = _candidates(rotation_people(rhythm), history)
    slots: list[rotation.Slot[int, int]] = [
        rotation.Slot(index, s.starts_at) for index, s in enumerate(new)
    ]
    for index, person in rotation.plan(candidates, slots).items():
        new[index].facilitator_id = person


def is_settled(session: Session, now: datetime) -> bool:
    """A session that started, ran or is past: planning leaves it as it was."""
    return session.starts_at <= now or session.current_step is not None or bool(session.finished_at)


def replan(rhythm: Rhythm, now: datetime | None = None) -> list[Session]:
    """Re-plan the facilitators of upcoming sessions after something the plan depends on changed.

    Past and running sessions are history; fixed sessions keep their facilitator. Callers hold
    a lock on the rhythm row, so two re-plans never interleave. Returns the changed sessions.
    """
    if not rhythm.rotation_enabled:
        return []
    now = now or timezone.now()
    sessions = list(
        Session.objects.filter(rhythm=rhythm, status=Session.Status.SCHEDULED).order_by(
            "starts_at", "pk"
        )
    )
    past = [s for s in sessions if is_settled(s, now)]
    upcoming = [s for s in sessions if not is_settled(s, now)]
    absent: dict[int, set[int]] = defaultdict(set)
    for session_id, user_id in Attendance.objects.filter(
        session__in=[s.pk for s in upcoming], rsvp=Attendance.Rsvp.NO
    ).values_list("session_id", "user_id"):
        absent[session_id].add(user_id)
    slots = [
        rotation.Slot(
            s.pk,
            s.starts_at,
            frozenset(absent[s.pk]),
            fixed=s.facilitator_fixed,
            facilitator=s.facilitator_id,
        )
        for s in upcoming
    ]
    chosen = rotation.plan(_candidates(rotation_people(rhythm), past), slots)
    changed = [s for s in upcoming if chosen[s.pk] != s.facilitator_id]
    for session in changed:
        session.facilitator_id = chosen[session.pk]
        session.sequence += 1
    Session.objects.bulk_update(changed, ["facilitator", "sequence"])
    return changed


# Practice roles ------------------------------------------------------------------------------


# A practice's "facilitator" role is the session's facilitator, whom the facilitation rotation
# already chooses; sharing it out again would name a second facilitator.
FACILITATOR_ROLE = "facilitator"


def rotating_roles(practice: Practice | None) -> list[str]:
    if practice is None:
        return []
    return [
        str(role["name"])
        for role in practice.roles
        if role.get("rotates") and str(role["name"]).lower() != FACILITATOR_ROLE
    ]


def _role_history(rhythm: Rhythm, before: datetime) -> dict[str, dict[int, int]]:
    history: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    held = Session.objects.filter(
        rhythm=rhythm, status=Session.Status.SCHEDULED, starts_at__lt=before
    ).values_list("roles", flat=True)
    for roles in held:
        for role, person in (roles or {}).items():
            history[role][person] += 1
    return history


def _share_roles(rhythm: Rhythm, sessions: Sequence[Session]) -> None:
    practice = Practice.objects.filter(pk=rhythm.practice_id or 0).first()
    assign_roles(rhythm, practice, sessions)


def assign_roles(rhythm: Rhythm, practice: Practice | None, sessions: Sequence[Session]) -> None:
    """Fill each session's rotating roles in order of start, fair over the rhythm's history.

    The facilitator and anyone who said no are left out, so the case giver is never the person
    holding the space and never someone who is not coming. Non-rotating roles are left for the
    people in the session to take.
    """
    roles = rotating_roles(practice)
    if not sessions:
        return
    if not roles:
        for session in sessions:
            session.roles = {}
        return
    ordered = sorted(sessions, key=lambda s: s.starts_at)
    history = _role_history(rhythm, ordered[0].starts_at)
    members = list(
        GroupMembership.objects.filter(group_id=rhythm.group_id)
        .order_by("joined_at", "pk")
        .values_list("user_id", flat=True)
    )
    saved = [s.pk for s in ordered if s.pk]
    absent: dict[int, set[int]] = defaultdict(set)
    for session_id, user_id in Attendance.objects.filter(
        session__in=saved, rsvp=Attendance.Rsvp.NO
    ).values_list("session_id", "user_id"):
        absent[session_id].add(user_id)
    for session in ordered:
        exclude = {session.facilitator_id, *absent.get(session.pk, set())}
        given = rotation.share_out(roles, members, history, exclude=exclude)
        session.roles = {role: person for role, person in given.items()}
        for role, person in given.items():
            history[role][person] += 1
