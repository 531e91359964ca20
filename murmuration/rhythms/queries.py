"""Read paths for rhythm and session pages and the API. Each runs a fixed number of queries.

Counts and "my RSVP" are annotations computed by the database, so a list of fifty sessions costs
the same as a list of one. Notes and check-ins are loaded only for viewers who may read them
(the group's current members), so they never reach a page rendered for a host.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from murmuration.accounts.models import User
from murmuration.communities.models import Group, GroupMembership
from murmuration.communities.permissions import Viewer

from . import permissions as perms
from .models import (
    MAX_DURATION_MINUTES,
    Attendance,
    CheckIn,
    Rhythm,
    RotationMember,
    Session,
    SessionNote,
)
from .sessions import FACILITATOR_ROLE

Rsvp = Attendance.Rsvp


def with_counts(sessions: QuerySet[Session], user: User | None) -> QuerySet[Session]:
    """Annotate yes/maybe/no/present counts and the viewer's own RSVP (`my_rsvp`)."""
    # pk 0 belongs to nobody: an anonymous viewer has no RSVP.
    mine = Attendance.objects.filter(session=OuterRef("pk"), user_id=user.pk if user else 0)
    return sessions.annotate(
        yes_count=Count("attendance", filter=Q(attendance__rsvp=Rsvp.YES)),
        maybe_count=Count("attendance", filter=Q(attendance__rsvp=Rsvp.MAYBE)),
        no_count=Count("attendance", filter=Q(attendance__rsvp=Rsvp.NO)),
        present_count=Count("attendance", filter=Q(attendance__present=True)),
        my_rsvp=Subquery(mine.values("rsvp")[:1]),
    )


def _signed_in(viewer: Viewer) -> User | None:
    return viewer.user if isinstance(viewer.user, User) else None


def _sees_schedule(viewer: Viewer, group: Group) -> bool:
    if not viewer.is_member:
        return False
    groups = {g.pk: g for g in Group.objects.filter(community_id=group.community_id)}
    return perms.can_see_schedule(viewer, group, groups)


def upcoming_sessions(
    viewer: Viewer, group: Group, *, now: datetime | None = None, limit: int = 50
) -> list[Session]:
    """The group's sessions that have not ended, soonest first, cancelled ones included.

    Each has its rhythm, facilitator and practice loaded, the RSVP counts and `my_rsvp`.
    Two queries; none for a viewer who may not see the group.
    """
    if not _sees_schedule(viewer, group):
        return []
    now = now or timezone.now()
    # The longest session started at most a day ago; the exact end is checked below, which
    # keeps the filter the same on SQLite and PostgreSQL.
    candidates = with_counts(
        Session.objects.filter(
            group=group, starts_at__gt=now - timedelta(minutes=MAX_DURATION_MINUTES)
        ),
        _signed_in(viewer),
    ).select_related("rhythm", "facilitator", "practice")
    # Sessions that ended within the last day are dropped after loading; allowing as many of
    # them as the page holds keeps the page full without loading the whole horizon.
    loaded = candidates.order_by("starts_at", "pk")[: limit * 2]
    return [s for s in loaded if _ends(s) > now][:limit]


def _ends(session: Session) -> datetime:
    return session.starts_at + timedelta(minutes=session.duration_minutes)


def my_group_ids(user: User) -> QuerySet[GroupMembership, Any]:
    """The ids of the groups `user` is in, as a subquery, for "my sessions" everywhere.

    Both memberships are required, as in `calendars.rhythms_for_person`: leaving a community
    drops its groups at once even if a group membership were left behind (a join racing the
    departure), so a private group's name does not outlive the person's place in it.
    """
    return GroupMembership.objects.filter(
        user=user, group__community__memberships__user=user
    ).values("group_id")


def my_sessions(user: User, *, start: datetime, end: datetime) -> list[Session]:
    """Sessions of every group `user` is in that start in [start, end), for "my calendar".

    One query; groups the person has left drop out at once.
    """
    mine = my_group_ids(user)
    sessions = Session.objects.filter(group_id__in=mine, starts_at__gte=start, starts_at__lt=end)
    return list(
        with_counts(sessions, user)
        .select_related("rhythm", "group", "group__community", "facilitator", "practice")
        .order_by("starts_at", "pk")
    )


def rotation(rhythm: Rhythm) -> QuerySet[RotationMember]:
    """Who takes turns facilitating, in the order they joined, with their user loaded.

    Only people still in the group: someone who left keeps a RotationMember row (leaving is
    the communities app's business) but no longer takes turns, and is not to be named to the
    group as if they did (see `sessions.rotation_people`, which plans the same way).
    """
    return (
        RotationMember.objects.filter(
            rhythm=rhythm, user__group_memberships__group_id=rhythm.group_id
        )
        .select_related("user")
        .order_by("joined_at", "pk")
    )


def rhythms_for_group(viewer: Viewer, group: Group, *, now: datetime | None = None) -> list[Rhythm]:
    """The group's rhythms, running ones first, each with `next_start` (the next scheduled
    session), `rotation_size` and `in_rotation` (whether the viewer opted in). Two queries.
    """
    if not _sees_schedule(viewer, group):
        return []
    now = now or timezone.now()
    upcoming = Session.objects.filter(
        rhythm=OuterRef("pk"), status=Session.Status.SCHEDULED, starts_at__gte=now
    ).order_by("starts_at")
    user = _signed_in(viewer)
    rhythms = (
        Rhythm.objects.filter(group=group)
        .select_related("practice")
        .annotate(
            next_start=Subquery(upcoming.values("starts_at")[:1]),
            # Counted like `rotation`: people who left the group take no turns.
            rotation_size=Count(
                "rotation",
                filter=Q(rotation__user__group_memberships__group_id=F("group_id")),
                distinct=True,
            ),
            in_rotation=Exists(
                RotationMember.objects.filter(rhythm=OuterRef("pk"), user_id=user.pk if user else 0)
            ),
        )
        .order_by("ended_at", "start_time", "name", "pk")
    )
    return list(rhythms)


@dataclass
class SessionDetail:
    """Everything a session page shows. Private parts are empty unless `can_read_private`."""

    session: Session
    can_take_part: bool
    can_read_private: bool
    counts: dict[str, int]
    my_rsvp: str
    attendance: list[Attendance] = field(default_factory=list)
    checkins: list[CheckIn] = field(default_factory=list)
    notes: list[SessionNote] = field(default_factory=list)
    # Role name → person, for the practice's roles that have someone in them.
    role_holders: dict[str, User] = field(default_factory=dict)

    @property
    def steps(self) -> list[dict[str, object]]:
        return list(self.session.practice.steps) if self.session.practice else []

    @property
    def current_step(self) -> dict[str, object] | None:
        index = self.session.current_step
        steps = self.steps
        return steps[index] if index is not None and 0 <= index < len(steps) else None


def session_detail(viewer: Viewer, session_id: int) -> SessionDetail | None:
    """A session with its attendance, check-ins, notes and role holders; None if not visible.

    At most six queries, however many people, notes and check-ins there are. The attendance
    list (who said what) is shown to the group's members; others see only the counts.
    """
    user = _signed_in(viewer)
    session = (
        with_counts(Session.objects.filter(pk=session_id), user)
        .select_related("rhythm", "group", "facilitator", "practice")
        .first()
    )
    if session is None or session.group.community_id != viewer.community.pk:
        return None
    if not _sees_schedule(viewer, session.group):
        return None
    private = perms.can_read_private(viewer, session.group)
    detail = SessionDetail(
        session=session,
        can_take_part=perms.can_take_part(viewer, session.group),
        can_read_private=private,
        counts={
            "yes": session.yes_count,  # type: ignore[attr-defined]
            "maybe": session.maybe_count,  # type: ignore[attr-defined]
            "no": session.no_count,  # type: ignore[attr-defined]
            "present": session.present_count,  # type: ignore[attr-defined]
        },
        my_rsvp=session.my_rsvp or "",  # type: ignore[attr-defined]
    )
    if not private:
        return detail
    detail.attendance = list(
        session.attendance.select_related("user").order_by("user__display_name", "user__email")
    )
    detail.checkins = list(session.checkins.select_related("user"))
    detail.notes = list(session.notes.select_related("author"))
    holders = {int(pk) for pk in (session.roles or {}).values() if isinstance(pk, int)}
    people = {u.pk: u for u in User.objects.filter(pk__in=holders)} if holders else {}
    detail.role_holders = {
        role: people[pk] for role, pk in (session.roles or {}).items() if pk in people
    }
    declared = {
        str(role.get("name", "")).lower() for role in getattr(session.practice, "roles", [])
    }
    if session.facilitator is not None and FACILITATOR_ROLE in declared:
        detail.role_holders[FACILITATOR_ROLE] = session.facilitator
    return detail
