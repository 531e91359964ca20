"""The aggregate read paths behind every pulse figure.

Each function is one query that the database answers with counts grouped by a few keys (group,
rhythm or category, week, state), so its cost in queries never grows with members, sessions or
groups, and its rows grow only with groups × weeks. Nothing here reads a note, a check-in or
who said what: only whether a session took place and how many people were recorded there.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import Case

from murmuration.accounts.models import User
from murmuration.communities.models import GroupMembership
from murmuration.rhythms.models import MAX_DURATION_MINUTES, Attendance, Session
from murmuration.rhythms.queries import my_group_ids

from .connections import POD_MAX
from .health import CANCELLED, COMING, HELD, MISSED, Tally
from .weeks import Window

# A session that started less than this long ago with nothing recorded may still be under way,
# so it counts as coming, not missed; no session runs longer (rhythms.models).
GRACE = timedelta(minutes=MAX_DURATION_MINUTES)


def _state(window: Window) -> Case:
    """Held when it was finished in the runner or someone was recorded present."""
    present = Attendance.objects.filter(session=OuterRef("pk"), present=True)
    return Case(
        When(status=Session.Status.CANCELLED, then=Value(CANCELLED)),
        When(starts_at__gt=window.now, then=Value(COMING)),
        When(Q(finished_at__isnull=False) | Q(Exists(present)), then=Value(HELD)),
        When(starts_at__gt=window.now - GRACE, then=Value(COMING)),
        default=Value(MISSED),
        output_field=CharField(),
    )


def session_counts(
    sessions: QuerySet[Session], window: Window, *by: str, weekly: bool = True
) -> list[dict[str, Any]]:
    """Sessions starting in the window, counted by the `by` fields, state and (if `weekly`)
    the week, which comes back as its Monday."""
    sessions = sessions.filter(starts_at__gte=window.start, starts_at__lt=window.end)
    keys = [*by, "state"]
    if weekly:
        sessions = sessions.annotate(week=window.index("starts_at"))
        keys.append("week")
    rows = (
        sessions.annotate(state=_state(window))
        .values(*keys)
        .annotate(n=Count("pk"))
        # Without this the model's ordering would join the GROUP BY.
        .order_by()
    )
    return [_monday(row, window) for row in rows]


def attendance_counts(
    attendance: QuerySet[Attendance], window: Window, *by: str, weekly: bool = True
) -> list[dict[str, Any]]:
    """People recorded present and absent at sessions that started in the window."""
    attendance = attendance.filter(
        session__starts_at__gte=window.start,
        session__starts_at__lt=min(window.end, window.now),
        session__status=Session.Status.SCHEDULED,
    )
    keys = list(by)
    if weekly:
        attendance = attendance.annotate(week=window.index("session__starts_at"))
        keys.append("week")
    rows = (
        attendance.values(*keys)
        .annotate(
            # Not named after the field: an annotation would shadow it in the filters.
            n_present=Count("pk", filter=Q(present=True)),
            n_absent=Count("pk", filter=Q(present=False)),
        )
        .order_by()
    )
    return [_monday(row, window) for row in rows]


def _monday(row: dict[str, Any], window: Window) -> dict[str, Any]:
    if "week" in row:
        row["week"] = window.weeks[row["week"]]
    return row


def tallies(
    session_rows: Iterable[dict[str, Any]],
    attendance_rows: Iterable[dict[str, Any]],
    session_key: str,
    attendance_key: str | None = None,
) -> dict[Any, Tally]:
    """Fold both kinds of rows into one Tally per key (a group, a rhythm, a week…)."""
    result: dict[Any, Tally] = defaultdict(Tally)
    for row in session_rows:
        result[row[session_key]].add_sessions(row["state"], row["n"])
    for row in attendance_rows:
        tally = result[row[attendance_key or session_key]]
        tally.present += row["n_present"]
        tally.absent += row["n_absent"]
    return result


def group_tallies(group_ids: list[int], window: Window) -> dict[int, Tally]:
    """Each group's sessions and attendance over the window. Two queries."""
    sessions = session_counts(
        Session.objects.filter(group_id__in=group_ids), window, "group_id", weekly=False
    )
    attendance = attendance_counts(
        Attendance.objects.filter(session__group_id__in=group_ids),
        window,
        "session__group_id",
        weekly=False,
    )
    return tallies(sessions, attendance, "group_id", "session__group_id")


def my_presence_counts(user: User, window: Window) -> list[dict[str, Any]]:
    """Sessions of the person's groups by week, state and whether they were recorded there."""
    mine = Attendance.objects.filter(session=OuterRef("pk"), user=user)
    sessions = Session.objects.filter(group_id__in=my_group_ids(user)).annotate(
        me=Subquery(mine.values("present")[:1])
    )
    return session_counts(sessions, window, "me")


def people_i_share_groups_with(user: User) -> list[dict[str, Any]]:
    """Everyone in a group with the person, with how many groups and pods they share. Two
    queries: the groups' sizes, then their members."""
    mine = my_group_ids(user)
    sizes = dict(
        GroupMembership.objects.filter(group_id__in=mine)
        .values("group_id")
        .annotate(n=Count("pk"))
        .values_list("group_id", "n")
        .order_by()
    )
    others = (
        GroupMembership.objects.filter(
            group_id__in=list(sizes), user__memberships__community_id=F("group__community_id")
        )
        .exclude(user=user)
        .values_list("user_id", "user__display_name", "user__email", "group_id")
    )
    people: dict[int, dict[str, Any]] = {}
    for user_id, display_name, email, group_id in others:
        person = people.setdefault(
            user_id, {"name": display_name or email.split("@")[0], "groups": 0, "pods": 0}
        )
        person["groups"] += 1
        person["pods"] += sizes[group_id] <= POD_MAX
    return sorted(people.values(), key=lambda p: (-p["groups"], -p["pods"], p["name"].lower()))
